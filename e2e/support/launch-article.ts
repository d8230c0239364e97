import fs from 'node:fs';
import path from 'node:path';

// The launch article as captured: the source of truth the page must reproduce.
const source = fs.readFileSync(
  path.join(process.cwd(), 'db', 'content', 'starmer-us-security-guarantee.txt'),
  'utf8',
);
const paragraphs = source
  .replace(/\r\n?/g, '\n')
  .split(/\n\s*\n/)
  .map((p) => p.trim())
  .filter((p) => p !== '');

export const launchHeadline = 'PM,\u00a0The US must play a part in Ukraine to dissuade Putin';
export const launchStandfirst = 'Keir Starmer Pushes for US Security Guarantee in Ukraine Ahead of Trump Meeting';
export const launchDateline = 'Washington, D.C. –';
export const launchSections = [
  'Starmer’s Push for Security Guarantees',
  'Strengthening UK-US Relations',
  'Tariffs and Trade Talks',
  'Ukraine’s Stand on Security Commitments',
  'UK Military Spending and European Defense Commitments',
];
/** Every block of the body (paragraphs and section headings), in order, up to "Leave a Reply". */
export const launchBodyBlocks = paragraphs.slice(3, paragraphs.indexOf('Leave a Reply'));
export const launchSourceHeadlines = paragraphs.slice(0, 2);

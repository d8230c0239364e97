import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseArticleText } from './article-text';
import type { ArticleBlock } from './article-body';

const source = fs.readFileSync(path.join(process.cwd(), 'db', 'content', 'starmer-us-security-guarantee.txt'), 'utf8');
const article = parseArticleText(source);
const textOf = (block: ArticleBlock) => block.text;

const expectedHeadings = [
  'Starmer’s Push for Security Guarantees',
  'Strengthening UK-US Relations',
  'Tariffs and Trade Talks',
  'Ukraine’s Stand on Security Commitments',
  'UK Military Spending and European Defense Commitments',
];

describe('launch article: parseArticleText', () => {
  test('headline keeps the non-breaking space after "PM,"', () => {
    assert.equal(article.headline, 'PM,\u00A0The US must play a part in Ukraine to dissuade Putin');
    assert.notEqual(article.headline, 'PM, The US must play a part in Ukraine to dissuade Putin');
  });

  test('standfirst', () => {
    assert.equal(article.standfirst, 'Keir Starmer Pushes for US Security Guarantee in Ukraine Ahead of Trump Meeting');
  });

  test('the page title is not repeated in the body', () => {
    assert.ok(!article.blocks.some((b) => b.text.includes('dissuade Putin')));
    assert.ok(!article.blocks.some((b) => b.text === article.standfirst));
  });

  test('the first block is the dateline, with its place', () => {
    const first = article.blocks[0];
    assert.deepEqual(first, {
      type: 'dateline',
      place: 'Washington, D.C.',
      text: 'UK Prime Minister Sir Keir Starmer has reiterated his call for a US security guarantee in Ukraine, warning that without firm commitments, Russian President Vladimir Putin could invade again. His comments come as he prepares for a crucial meeting with US President Donald Trump.',
    });
    assert.equal(article.blocks.filter((b) => b.type === 'dateline').length, 1);
  });

  test('exactly the five section headings, in order', () => {
    assert.deepEqual(article.blocks.filter((b) => b.type === 'heading').map(textOf), expectedHeadings);
  });

  test('every other paragraph is present, in order, with its curly quotes', () => {
    const sourceParagraphs = source
      .replace(/\r\n?/g, '\n')
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const start = sourceParagraphs.indexOf(article.standfirst) + 2; // after the standfirst and the dateline
    const end = sourceParagraphs.indexOf('Leave a Reply');
    assert.ok(start > 2 && end > start);
    const expected = sourceParagraphs.slice(start, end).filter((p) => !expectedHeadings.includes(p));
    const paragraphs = article.blocks.filter((b) => b.type === 'paragraph').map(textOf);
    assert.deepEqual(paragraphs, expected);
    assert.equal(paragraphs.length, 13);
    assert.ok(paragraphs.includes('When pressed on what form the backstop should take, he said, “The exact configuration is still under discussion, but the principle is clear.”'));
    assert.ok(paragraphs.at(-1)?.startsWith('As Starmer prepares for talks with Trump'));
    assert.equal(article.blocks.length, 1 + 5 + 13);
  });

  test('blocks follow the source order: dateline, two paragraphs, then the first heading', () => {
    assert.deepEqual(
      article.blocks.slice(0, 4).map((b) => b.type),
      ['dateline', 'paragraph', 'heading', 'paragraph'],
    );
  });

  test('"Leave a Reply" and the form note are not article text', () => {
    const all = article.blocks.map((b) => `${b.type === 'dateline' ? b.place : ''} ${b.text}`).join('\n');
    assert.doesNotMatch(all, /Leave a Reply/);
    assert.doesNotMatch(all, /Your email address will not be published/);
    assert.doesNotMatch(all, /Required fields are marked/);
  });

  test('Windows line endings parse the same', () => {
    assert.deepEqual(parseArticleText(source.replace(/\n/g, '\r\n')), article);
  });
});

import { type DiscussionSettings } from './settings';


export type Verdict = { status: 'pending' | 'approved' | 'spam'; heldReason: string | null };

const linkPattern = /\bhttps?:\/\//gi;

export function countLinks(text: string): number {
  return text.match(linkPattern)?.length ?? 0;
}

// Letters from other scripts that look Latin, folded so "prеss" (Cyrillic е) matches "press".
const lookAlikes: Record<string, string> = {
  а: 'a', в: 'b', с: 'c', е: 'e', һ: 'h', і: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p',
  ѕ: 's', т: 't', у: 'y', х: 'x', ԁ: 'd', ɡ: 'g', ո: 'n', ս: 'u', α: 'a', ε: 'e', ι: 'i', κ: 'k',
  ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ν: 'v', '０': '0', '１': '1',
};

/** Lower case, compatibility-folded (ﬁ → fi, full-width → ASCII), accents kept, look-alikes folded. */
export function foldForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{Cf}]/gu, '')
    .replace(/[^\x00-\x7F]/g, (c) => lookAlikes[c] ?? c);
}

/** The first listed word or phrase found as a whole word in any of the texts. */
export function findListedWord(words: readonly string[], texts: readonly string[]): string | null {
  const haystacks = texts.map(foldForMatching);
  for (const word of words) {
    const needle = foldForMatching(word.trim());
    if (!needle) continue;
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u');
    if (haystacks.some((text) => pattern.test(text))) return word.trim();
  }
  return null;
}

export type PolicyInput = {
  settings: Pick<DiscussionSettings, 'approvalPolicy' | 'holdLinkCount' | 'moderationWords' | 'disallowedWords'>;
  /** The name, email, website and text, as stored. */
  fields: string[];
  body: string;
  authorHasApprovedComment: boolean;
};

/** Where a new comment goes, and why: moderators read the reason. */
export function decideStatus({ settings, fields, body, authorHasApprovedComment }: PolicyInput): Verdict {
  const disallowed = findListedWord(settings.disallowedWords, fields);
  if (disallowed) return { status: 'spam', heldReason: `disallowed word: ${disallowed}` };
  const links = countLinks(body);
  if (links > settings.holdLinkCount) return { status: 'pending', heldReason: `${links} ${links === 1 ? 'link' : 'links'}` };
  const held = findListedWord(settings.moderationWords, fields);
  if (held) return { status: 'pending', heldReason: `moderation word: ${held}` };
  if (settings.approvalPolicy === 'all') return { status: 'pending', heldReason: 'every comment is held for review' };
  if (settings.approvalPolicy === 'first_time' && !authorHasApprovedComment) {
    return { status: 'pending', heldReason: 'first comment from this email' };
  }
  return { status: 'approved', heldReason: null };
}

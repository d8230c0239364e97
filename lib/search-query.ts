// A reader's search box made into an FTS5 query that can only ever be words: each word a quoted
// string (FTS5 reads no operator inside quotes), all of them required, the last one also as the
// start of a longer word. Whatever is typed, the index never sees MATCH syntax.

/** Longer queries are cut here; nobody searches a news site with a paragraph. */
export const maxQueryLength = 200;
/** More words than this add nothing but work. */
export const maxSearchWords = 8;
/** A last word this long or longer also matches words it begins ("ukrain" finds "Ukraine"). */
const minimumPrefixLength = 3;

const wordCharacter = /[\p{L}\p{N}]/u;
const tokens = /[\p{L}\p{N}\p{M}]+/gu;

/** The query as the search page shows it back: control characters gone, spaces tidied, at most 200 characters. */
export function cleanQuery(input: string | undefined): string {
  return (input ?? '')
    .normalize('NFKC')
    .replace(/[\p{C}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxQueryLength)
    .trim();
}

/** The words searched for: runs of non-space that hold at least one letter or digit. */
export function searchWords(input: string | undefined): string[] {
  return cleanQuery(input)
    .split(' ')
    .filter((word) => wordCharacter.test(word))
    .slice(0, maxSearchWords);
}

function quoted(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}

/**
 * The FTS5 MATCH expression for what a reader typed, or null when there is nothing to search
 * (empty, or punctuation only). A word with punctuation inside ("don't", "U.S.") is one phrase.
 */
export function toMatchExpression(input: string | undefined): string | null {
  const words = searchWords(input);
  if (words.length === 0) return null;
  return words
    .map((word, index) => {
      const last = index === words.length - 1;
      const lastToken = word.match(tokens)?.at(-1) ?? '';
      return last && [...lastToken].length >= minimumPrefixLength ? `${quoted(word)}*` : quoted(word);
    })
    .join(' ');
}

/** The same words for PostgreSQL: phrases for phraseto_tsquery, and the last word as a prefix when it is one. */
export type TsQueryParts = { phrases: string[]; prefix: string | null };

/**
 * What a reader typed, for PostgreSQL's full-text search: every word required, each as a phrase
 * that PostgreSQL's own parser splits the way it split the article ("don't", "U.S."), and the last
 * one, when it is a single run of letters or digits of 3 or more, also matching the words it begins
 * (to_tsquery with `:*`, given only letters and digits, so never an operator). Null when there is
 * nothing to search. A last word with punctuation inside is searched whole, not as a prefix (FTS5
 * would take its last part as one).
 */
export function toTsQueryParts(input: string | undefined): TsQueryParts | null {
  const words = searchWords(input);
  if (words.length === 0) return null;
  const lastTokens = words.at(-1)!.match(tokens) ?? [];
  const prefix = lastTokens.length === 1 && [...lastTokens[0]!].length >= minimumPrefixLength ? lastTokens[0]! : null;
  return { phrases: prefix === null ? words : words.slice(0, -1), prefix };
}

// Marks around matched words in a snippet: characters of Unicode's private use area, which no
// article is written in. The page splits on them and draws <mark> elements; no HTML is made.
export const highlightStart = '\uE000';
export const highlightEnd = '\uE001';

export type HighlightedPart = { text: string; highlighted: boolean };

/** A snippet cut at its marks into plain text parts, each highlighted or not. */
export function splitHighlights(snippet: string): HighlightedPart[] {
  const parts: HighlightedPart[] = [];
  let highlighted = false;
  for (const piece of snippet.split(/([\uE000\uE001])/)) {
    if (piece === highlightStart) highlighted = true;
    else if (piece === highlightEnd) highlighted = false;
    else if (piece !== '') {
      const previous = parts.at(-1);
      if (previous && previous.highlighted === highlighted) previous.text += piece;
      else parts.push({ text: piece, highlighted });
    }
  }
  return parts;
}

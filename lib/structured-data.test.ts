import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonForScript, newsArticleJsonLd, type NewsArticleFacts } from './structured-data';

const facts: NewsArticleFacts = {
  url: 'https://news.example/articles/a',
  headline: 'A headline </script><script>alert(1)</script> <!-- & more',
  description: 'Standfirst',
  datePublished: '2030-01-02T12:00:00.000Z',
  dateModified: '2030-01-03T12:00:00.000Z',
  authors: [{ name: 'Ada Reporter', url: 'https://news.example/authors/ada-reporter' }, { name: 'Bo Writer' }],
  images: ['https://news.example/images/abc-1600.webp'],
  section: 'World',
  publisher: { name: 'Margin', url: 'https://news.example', logo: 'https://news.example/icon.svg' },
};

test('a NewsArticle with headline, dates, authors, image and publisher', () => {
  const data = newsArticleJsonLd(facts);
  assert.equal(data['@context'], 'https://schema.org');
  assert.equal(data['@type'], 'NewsArticle');
  assert.equal(data.headline, facts.headline);
  assert.equal(data.datePublished, facts.datePublished);
  assert.equal(data.dateModified, facts.dateModified);
  assert.deepEqual(data.author, [
    { '@type': 'Person', name: 'Ada Reporter', url: 'https://news.example/authors/ada-reporter' },
    { '@type': 'Person', name: 'Bo Writer' },
  ]);
  assert.deepEqual(data.image, facts.images);
  assert.deepEqual(data.publisher, {
    '@type': 'Organization',
    name: 'Margin',
    url: 'https://news.example',
    logo: { '@type': 'ImageObject', url: 'https://news.example/icon.svg' },
  });
  assert.deepEqual(data.mainEntityOfPage, { '@type': 'WebPage', '@id': facts.url });
  assert.equal(data.articleSection, 'World');
});

test('never revised: modified when published; no byline: the publisher is the author; no image: none claimed', () => {
  const data = newsArticleJsonLd({ ...facts, dateModified: null, authors: [], images: [], section: null });
  assert.equal(data.dateModified, facts.datePublished);
  assert.deepEqual(data.author, [data.publisher]);
  assert.ok(!('image' in data));
  assert.ok(!('articleSection' in data));
});

test('the script text cannot end its element or open a comment, and parses back to the same data', () => {
  const data = newsArticleJsonLd(facts);
  const text = jsonForScript(data);
  assert.ok(!text.includes('<'));
  assert.ok(!text.includes('>'));
  assert.ok(!text.includes('&'));
  assert.deepEqual(JSON.parse(text), data);
  assert.equal(jsonForScript('\u2028\u2029'), '"\\u2028\\u2029"');
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeReaderDataResult, readerDataHtml, readerDataJson, type ReaderData } from './reader-data';

// The downloads a reader keeps: every field, in JSON and as a page where nothing they wrote is markup.

const data: ReaderData = {
  email: 'ann@example.com',
  comments: [
    {
      id: 7,
      articleHeadline: 'Tides & <times>',
      articlePath: '/articles/tides',
      parentId: 3,
      status: 'spam',
      authorName: '<b>Ann</b>',
      authorEmail: 'ann@example.com',
      authorUrl: null,
      body: 'First line\nsecond <script>alert(1)</script>\n\nAnother paragraph',
      ip: '198.51.100.7',
      userAgent: 'Firefox',
      createdAt: '2026-12-03T09:00:00.000Z',
      updatedAt: '2026-12-03T09:05:00.000Z',
    },
  ],
};
const url = (path: string) => `https://news.example${path}`;

describe('the downloads', () => {
  test('JSON: the address, and each comment with its article, state, text, IP and user agent', () => {
    const parsed = JSON.parse(readerDataJson(data, '2026-12-03T10:00:00.000Z', url));
    assert.equal(parsed.email, 'ann@example.com');
    assert.deepEqual(parsed.comments[0], {
      id: 7,
      article: { headline: 'Tides & <times>', url: 'https://news.example/articles/tides' },
      inReplyTo: 3,
      status: 'spam',
      name: '<b>Ann</b>',
      email: 'ann@example.com',
      website: null,
      text: 'First line\nsecond <script>alert(1)</script>\n\nAnother paragraph',
      ipAddress: '198.51.100.7',
      userAgent: 'Firefox',
      createdAt: '2026-12-03T09:00:00.000Z',
      updatedAt: '2026-12-03T09:05:00.000Z',
    });
  });

  test('the web page escapes everything a reader wrote', () => {
    const html = readerDataHtml(data, '2026-12-03T10:00:00.000Z', url);
    assert.doesNotMatch(html, /<script>|<b>Ann/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /Tides &amp; &lt;times&gt;/);
    assert.match(html, /<p>First line<br>second/);
    assert.match(html, /198\.51\.100\.7/);
  });

  test('what the page says after a change', () => {
    assert.equal(describeReaderDataResult('anonymise', { deleted: 0, anonymised: 1 }), 'Anonymised 1 comment.');
    assert.equal(describeReaderDataResult('anonymise-remove-text', { deleted: 0, anonymised: 2 }), 'Anonymised 2 comments, their text removed.');
    assert.match(describeReaderDataResult('delete', { deleted: 3, anonymised: 1 }), /^Deleted 4 comments\. 1 comment with replies/);
  });
});

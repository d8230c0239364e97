import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cacheablePath } from './cacheable';

const get = (url: string, headers: Record<string, string> = {}) => cacheablePath({ method: 'GET', url, headers });

describe('which requests the page cache answers', () => {
  test('the front page, an article and its comment pages, by GET or HEAD', () => {
    assert.equal(get('/'), '/');
    assert.equal(get('/articles/a-story-2'), '/articles/a-story-2');
    assert.equal(get('/articles/a-story/comments/3'), '/articles/a-story/comments/3');
    assert.equal(cacheablePath({ method: 'HEAD', url: '/articles/a', headers: {} }), '/articles/a');
  });

  test('no other method, and no other path', () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      assert.equal(cacheablePath({ method, url: '/articles/a', headers: {} }), null, method);
    }
    for (const url of [
      '/admin',
      '/login',
      '/api/held',
      '/articles/a/respond',
      '/articles/a/',
      '/articles/A',
      '/articles/a?x=1',
      '/articles/a?_rsc=1',
      '/?_rsc=abc',
      '/articles/a/comments/x',
      '/articles/a/comments/2/more',
      '/comments/5',
      '//',
      '',
    ]) {
      assert.equal(get(url), null, url);
    }
  });

  test('router requests and actions are other responses for the same path', () => {
    assert.equal(get('/articles/a', { rsc: '1' }), null);
    assert.equal(get('/articles/a', { 'next-router-prefetch': '1' }), null);
    assert.equal(get('/', { 'next-router-state-tree': '%5B%5D' }), null);
    assert.equal(get('/articles/a', { 'next-action': 'abc' }), null);
    assert.equal(get('/articles/a', { 'next-url': '/articles/a' }), null);
  });

  test('a reader without JavaScript who has held comments gets their own page', () => {
    assert.equal(get('/articles/a', { cookie: 'margin_plain=1' }), null);
    assert.equal(get('/articles/a', { cookie: 'x=1; margin_plain=1' }), null);
    assert.equal(get('/articles/a', { cookie: 'not_margin_plain=1; margin_held=a' }), '/articles/a');
    assert.equal(get('/articles/a', { cookie: 'margin_reader=abc' }), '/articles/a');
  });
});

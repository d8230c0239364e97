import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, test } from 'node:test';
import { contentSecurityPolicy, nextScriptHashes, securityHeaders } from './security-headers';

const hashOf = (text: string) => `sha256-${crypto.createHash('sha256').update(text).digest('base64')}`;

describe('security headers', () => {
  test('only the inline scripts that push JSON into Next\'s queues get a hash', () => {
    const bootstrap = '(self.__next_f=self.__next_f||[]).push([0])';
    const payload = 'self.__next_f.push([1,"1:\\"$Sreact.fragment\\"\\n\\u003cb\\u003e"])';
    const chunks = '(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":["a.js"],"runtimeModuleIds":[1]});';
    const html = [
      `<script id="_R_">${chunks}</script><script>${bootstrap}</script><script>${payload}</script>`,
      '<script>alert(1)</script>',
      '<script>self.__next_f.push([1,"x"]);alert(1)</script>',
      '<script>self.__next_f.push(alert(1))</script>',
      '<script src="/_next/static/chunks/a.js" async=""></script>',
      '<script type="application/ld+json">{"@type":"NewsArticle"}</script>',
    ].join('');
    assert.deepEqual(nextScriptHashes(html), [hashOf(chunks), hashOf(bootstrap), hashOf(payload)]);
  });

  test('staff pages may not be framed at all, public pages only by the site', () => {
    assert.match(contentSecurityPolicy('/admin/articles/new'), /frame-ancestors 'none'/);
    assert.equal(securityHeaders('/admin')['X-Frame-Options'], 'DENY');
    assert.match(contentSecurityPolicy('/articles/a'), /frame-ancestors 'self'/);
    assert.equal(securityHeaders('/articles/a')['X-Frame-Options'], 'SAMEORIGIN');
    assert.match(contentSecurityPolicy('/', ['sha256-abc']), /script-src 'self' 'sha256-abc';/);
  });
});

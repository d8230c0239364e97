import assert from 'node:assert/strict';
import { test } from 'node:test';
import { config } from '@/proxy';
import { heldCookieName, plainFormCookieName } from '@/lib/cookies';

// Next reads proxy.ts's matcher at build time, so it spells the cookie names out: they must be ours.
test("the proxy's matcher names the held and plain-form cookies as lib/cookies.ts does", () => {
  const conditions = config.matcher.flatMap((entry) => (typeof entry === 'string' ? [] : entry.has)).filter((condition) => condition.type !== 'query');
  assert.ok(conditions.length > 0);
  for (const condition of conditions) {
    assert.equal(condition.type, 'cookie');
    assert.ok([heldCookieName, plainFormCookieName].includes(condition.key), `unknown cookie ${condition.key}`);
  }
  for (const name of [heldCookieName, plainFormCookieName]) {
    assert.ok(conditions.some((condition) => condition.key === name), `the matcher never names ${name}`);
  }
});

test("the proxy sees the front page only with WordPress's ?p= (an imported site's old links)", () => {
  const queries = config.matcher.flatMap((entry) => (typeof entry === 'string' ? [] : entry.has.filter((c) => c.type === 'query').map((c) => [entry.source, c.key])));
  assert.deepEqual(queries, [['/', 'p']]);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loginFailureKeys, loginThrottle, loginVerdict } from './login-throttle';

describe('loginVerdict', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  const none = { pair: 0, client: 0, account: 0, lastAccountFailure: null };

  test('five failures of an account from one client lock that client out of it', () => {
    assert.equal(loginVerdict({ ...none, pair: 4, client: 4, account: 4, lastAccountFailure: new Date(now - 1000) }, now), 'try');
    assert.equal(loginVerdict({ ...none, pair: 5, client: 5, account: 5, lastAccountFailure: new Date(now - 60_000) }, now), 'locked');
  });

  test('twenty failures from one client lock it out of every account', () => {
    assert.equal(loginVerdict({ ...none, client: 19 }, now), 'try');
    assert.equal(loginVerdict({ ...none, client: 20 }, now), 'locked');
  });

  test("strangers' failures from elsewhere never lock the owner's client: the account only slows to one attempt per interval", () => {
    const strangers = { ...none, account: 500 };
    assert.equal(loginVerdict({ ...strangers, lastAccountFailure: new Date(now - 2_000) }, now), 'wait');
    assert.equal(loginVerdict({ ...strangers, lastAccountFailure: new Date(now - loginThrottle.accountIntervalMs) }, now), 'try');
    assert.equal(loginVerdict({ ...none, account: 4, lastAccountFailure: new Date(now - 1) }, now), 'try', 'below the bar, no wait');
  });

  test('each key names its account and client, so one never counts for another', () => {
    const keys = loginFailureKeys('ann@example.com', '203.0.113.7');
    assert.deepEqual(keys, { pair: 'account+client:ann@example.com|203.0.113.7', client: 'client:203.0.113.7', account: 'account:ann@example.com' });
    assert.notEqual(loginFailureKeys('ann@example.com', '203.0.113.8').pair, keys.pair);
  });
});

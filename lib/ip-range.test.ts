import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { floodNetwork, ipInRange, isIpAddress } from './ip-range';

describe('isIpAddress', () => {
  test('IPv4, IPv6 and IPv4-mapped IPv6 are addresses', () => {
    for (const value of ['127.0.0.1', '203.0.113.7', '::1', '2001:db8::1', '::ffff:10.0.0.1', 'fe80::1:2:3:4']) {
      assert.equal(isIpAddress(value), true, value);
    }
  });

  test('anything else is not', () => {
    for (const value of ['', 'localhost', '256.0.0.1', '1.2.3', '::g', '1.2.3.4/8', ' 1.2.3.4', '2001:db8::1::2']) {
      assert.equal(isIpAddress(value), false, value);
    }
  });
});

describe('ipInRange', () => {
  test('an IPv4 range', () => {
    assert.equal(ipInRange('203.0.113.7', '203.0.113.0', 24), true);
    assert.equal(ipInRange('203.0.114.7', '203.0.113.0', 24), false);
    assert.equal(ipInRange('10.200.1.1', '10.0.0.0', 8), true);
    assert.equal(ipInRange('11.0.0.1', '10.0.0.0', 8), false);
    assert.equal(ipInRange('1.2.3.4', '0.0.0.0', 0), true, '/0 is everything');
  });

  test('one address when there is no prefix', () => {
    assert.equal(ipInRange('127.0.0.5', '127.0.0.5', null), true);
    assert.equal(ipInRange('127.0.0.6', '127.0.0.5', null), false);
    assert.equal(ipInRange('127.0.0.5', '127.0.0.5', 32), true);
  });

  test('an IPv6 range, whatever the spelling', () => {
    assert.equal(ipInRange('2001:db8:1::7', '2001:db8::', 32), true);
    assert.equal(ipInRange('2001:DB8:0:0:0:0:0:7', '2001:db8::', 32), true);
    assert.equal(ipInRange('2001:db9::7', '2001:db8::', 32), false);
    assert.equal(ipInRange('::1', '::1', null), true);
    assert.equal(ipInRange('::2', '::1', null), false);
  });

  test('an IPv4-mapped address matches its IPv4 range', () => {
    assert.equal(ipInRange('::ffff:203.0.113.7', '203.0.113.0', 24), true);
    assert.equal(ipInRange('::FFFF:203.0.113.7', '203.0.113.0', 24), true);
  });

  test('families never match each other, and junk matches nothing', () => {
    assert.equal(ipInRange('::1', '127.0.0.1', null), false);
    assert.equal(ipInRange('127.0.0.1', '::1', 0), false);
    assert.equal(ipInRange('not an ip', '0.0.0.0', 0), false);
    assert.equal(ipInRange('1.2.3.4', 'nope', 0), false);
  });

  test('a prefix beyond the address size means the whole address', () => {
    assert.equal(ipInRange('1.2.3.4', '1.2.3.4', 64), true);
    assert.equal(ipInRange('1.2.3.5', '1.2.3.4', 64), false);
    assert.equal(ipInRange('1.2.3.5', '1.2.3.4', -5), true, 'a negative prefix is clamped to /0');
  });
});

describe('floodNetwork', () => {
  test('an IPv4 address counts in its /24, written the same for its IPv4-mapped form', () => {
    assert.equal(floodNetwork('203.0.113.7'), '203.0.113.0/24');
    assert.equal(floodNetwork('203.0.113.250'), '203.0.113.0/24');
    assert.equal(floodNetwork('::ffff:203.0.113.9'), '203.0.113.0/24');
    assert.notEqual(floodNetwork('203.0.114.7'), floodNetwork('203.0.113.7'));
  });

  test('an IPv6 address counts in its /64, however it is written', () => {
    assert.equal(floodNetwork('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '20010db800010002::/64');
    assert.equal(floodNetwork('2001:DB8:1:2::1'), floodNetwork('2001:db8:1:2:ffff::9'));
    assert.notEqual(floodNetwork('2001:db8:1:3::1'), floodNetwork('2001:db8:1:2::1'));
  });

  test('what is not an address is its own network', () => {
    assert.equal(floodNetwork('unknown'), 'unknown');
  });
});

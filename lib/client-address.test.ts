import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientAddress } from './client-address';

const nginx = [{ address: '127.0.0.1', prefixBits: null }];
const internal = [{ address: '10.0.0.0', prefixBits: 8 }, ...nginx];

describe('clientAddress', () => {
  test('without trusted proxies the connection is the client, whatever the header says', () => {
    assert.equal(clientAddress({ remoteAddress: '203.0.113.7', forwardedFor: '198.51.100.1' }, []), '203.0.113.7');
    assert.equal(clientAddress({ remoteAddress: '127.0.0.1', forwardedFor: '198.51.100.1' }, []), '127.0.0.1');
  });

  test('IPv4 addresses mapped into IPv6 are written plainly', () => {
    assert.equal(clientAddress({ remoteAddress: '::ffff:203.0.113.7', forwardedFor: undefined }, []), '203.0.113.7');
    assert.equal(clientAddress({ remoteAddress: '2001:db8::1', forwardedFor: undefined }, []), '2001:db8::1');
  });

  test('behind a trusted proxy the address it forwarded counts', () => {
    assert.equal(clientAddress({ remoteAddress: '127.0.0.1', forwardedFor: '198.51.100.1' }, nginx), '198.51.100.1');
    assert.equal(clientAddress({ remoteAddress: '::ffff:127.0.0.1', forwardedFor: ' ::ffff:198.51.100.1 ' }, nginx), '198.51.100.1');
  });

  test('an address the client wrote into the header itself does not count', () => {
    // The reader sent "X-Forwarded-For: 192.0.2.66"; nginx appended the address it saw.
    assert.equal(clientAddress({ remoteAddress: '127.0.0.1', forwardedFor: '192.0.2.66, 198.51.100.1' }, nginx), '198.51.100.1');
  });

  test('a chain of trusted proxies is walked back to the first untrusted address', () => {
    const chain = { remoteAddress: '127.0.0.1', forwardedFor: ['192.0.2.66, 198.51.100.1', '10.1.2.3'] };
    assert.equal(clientAddress(chain, internal), '198.51.100.1');
  });

  test('a header of trusted addresses only, or none, leaves the last proxy as the client', () => {
    assert.equal(clientAddress({ remoteAddress: '127.0.0.1', forwardedFor: '10.1.2.3' }, internal), '10.1.2.3');
    assert.equal(clientAddress({ remoteAddress: '127.0.0.1', forwardedFor: undefined }, nginx), '127.0.0.1');
    assert.equal(clientAddress({ remoteAddress: '127.0.0.1', forwardedFor: ' , ' }, nginx), '127.0.0.1');
  });
});

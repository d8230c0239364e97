import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatInZone, fromZonedInput, isTimeZone, toZonedInput } from './zoned-time';

describe('zoned time', () => {
  test('IANA zones are accepted, anything else refused', () => {
    for (const zone of ['Europe/London', 'UTC', 'America/New_York', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires']) assert.ok(isTimeZone(zone), zone);
    for (const zone of ['', 'Mars/Olympus', 'London', '<script>', 'Europe/London; drop table']) assert.equal(isTimeZone(zone), false, zone);
  });

  test('London wall-clock time in winter and summer to UTC, and back', () => {
    assert.equal(fromZonedInput('2026-01-15T09:00', 'Europe/London')?.toISOString(), '2026-01-15T09:00:00.000Z');
    assert.equal(fromZonedInput('2026-07-15T09:00', 'Europe/London')?.toISOString(), '2026-07-15T08:00:00.000Z');
    assert.equal(toZonedInput('2026-07-15T08:00:00Z', 'Europe/London'), '2026-07-15T09:00');
    assert.equal(fromZonedInput('2026-07-15T09:00', 'America/New_York')?.toISOString(), '2026-07-15T13:00:00.000Z');
    assert.equal(fromZonedInput('2026-07-15T09:00', 'Asia/Kolkata')?.toISOString(), '2026-07-15T03:30:00.000Z');
  });

  test('the clock changes: a skipped time lands after the gap, a repeated time means the first', () => {
    // 29 March 2026: 01:00 GMT becomes 02:00 BST.
    assert.equal(fromZonedInput('2026-03-29T01:30', 'Europe/London')?.toISOString(), '2026-03-29T01:30:00.000Z');
    // 25 October 2026: 01:00–02:00 happens twice; the first is BST.
    assert.equal(fromZonedInput('2026-10-25T01:30', 'Europe/London')?.toISOString(), '2026-10-25T00:30:00.000Z');
  });

  test('malformed and impossible dates are null', () => {
    for (const value of ['', 'tomorrow', '2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01 10:00']) {
      assert.equal(fromZonedInput(value, 'Europe/London'), null, value);
    }
  });

  test('shown with the zone name', () => {
    assert.equal(formatInZone('2026-07-15T08:00:00Z', 'Europe/London'), '15 July 2026 at 09:00 BST');
  });
});

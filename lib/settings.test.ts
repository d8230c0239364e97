import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSiteSettings, siteSettingsFromStored } from './settings';
import { SiteSettingsInput } from './schemas';

test('the site time zone: Europe/London by default; a stored IANA zone is used; anything else keeps the default', () => {
  assert.equal(defaultSiteSettings.timeZone, 'Europe/London');
  assert.equal(siteSettingsFromStored([]).timeZone, 'Europe/London');
  assert.equal(siteSettingsFromStored([{ key: 'timeZone', value: '"America/New_York"' }]).timeZone, 'America/New_York');
  for (const value of ['"Mars/Olympus"', 'not json', '42', '"<script>"']) {
    assert.equal(siteSettingsFromStored([{ key: 'timeZone', value }]).timeZone, 'Europe/London', value);
  }
});

test('the settings form accepts IANA zones only', () => {
  assert.equal(SiteSettingsInput.parse({ timeZone: ' Asia/Tokyo ' }).timeZone, 'Asia/Tokyo');
  assert.equal(SiteSettingsInput.safeParse({ timeZone: 'GMT+5 please' }).success, false);
  assert.equal(SiteSettingsInput.safeParse({ timeZone: '' }).success, false);
});

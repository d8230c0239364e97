import 'server-only';
import { preparedQuery } from '@/db/index';
import { settings } from '@/db/schema';
import { settingsFromStored, siteSettingsFromStored, type DiscussionSettings, type SiteSettings } from '@/lib/settings';

// Discussion settings: admins change them, every post reads them. Holds no personal data.

const allSettings = preparedQuery((db) => db.select().from(settings).prepare());

export function getDiscussionSettings(): DiscussionSettings {
  return settingsFromStored(allSettings().all());
}

/** The site's own settings (its time zone), read from the same table. */
export function getSiteSettings(): SiteSettings {
  return siteSettingsFromStored(allSettings().all());
}

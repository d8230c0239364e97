import 'server-only';
import { preparedQuery } from '@/db/index';
import type { Db } from '@/db/handle';
import { settings } from '@/db/schema';
import { settingsFromStored, siteSettingsFromStored, type DiscussionSettings, type SiteSettings } from '@/lib/settings';

// Discussion settings: admins change them, every post reads them. Holds no personal data.

const allSettings = preparedQuery((db) => db.select().from(settings).prepare());

export async function getDiscussionSettings(db?: Db): Promise<DiscussionSettings> {
  return settingsFromStored(await allSettings(db).execute());
}

/** The site's own settings (its time zone), read from the same table. */
export async function getSiteSettings(): Promise<SiteSettings> {
  return siteSettingsFromStored(await allSettings().execute());
}

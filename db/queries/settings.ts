import 'server-only';
import { preparedQuery } from '@/db/index';
import { settings } from '@/db/schema';
import { settingsFromStored, type DiscussionSettings } from '@/lib/settings';

// Discussion settings: admins change them, every post reads them. Holds no personal data.

const allSettings = preparedQuery((db) => db.select().from(settings).prepare());

export function getDiscussionSettings(): DiscussionSettings {
  return settingsFromStored(allSettings().all());
}

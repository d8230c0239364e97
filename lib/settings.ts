import { z } from './zod';
import { SettingsInput, SiteSettingsInput } from './schemas';
import { defaultTimeZone } from './zoned-time';

// Discussion settings: what admins choose, and the defaults a new site starts with.

export type ApprovalPolicy = 'all' | 'first_time' | 'none';

export type DiscussionSettings = {
  approvalPolicy: ApprovalPolicy;
  holdLinkCount: number;
  moderationWords: string[];
  disallowedWords: string[];
  threadDepth: number;
  commentsPerPage: number;
  closeAfterDays: number | null;
  /** A post sooner than this after the form was shown is a bot's. */
  minSecondsBeforePost: number;
  /** Per client and per email: at most one comment in this many seconds… */
  floodSeconds: number;
  /** …and at most this many in an hour. */
  hourlyLimit: number;
  /** Per network (IPv4 /24, IPv6 /64): at most this many in an hour, whatever addresses and emails. */
  networkHourlyLimit: number;
  /** Site-wide: at most this many new comments held for review a minute (0: no ceiling). */
  pendingPerMinute: number;
  /** Different readers whose reports take a comment off the page for review. */
  reportThreshold: number;
  /** A comment's address and user agent are forgotten this many days after it was written. */
  keepClientDetailsDays: number;
  /** Spam and trash are deleted this many days after they became so. */
  purgeSpamTrashDays: number;
  /** A reader may edit or delete their own comment this many minutes after posting, until a reply (0: never). */
  ownEditMinutes: number;
};

export const defaultSettings: DiscussionSettings = {
  approvalPolicy: 'all',
  holdLinkCount: 2,
  moderationWords: [],
  disallowedWords: [],
  threadDepth: 5,
  commentsPerPage: 50,
  closeAfterDays: null,
  minSecondsBeforePost: 3,
  floodSeconds: 15,
  hourlyLimit: 10,
  networkHourlyLimit: 30,
  pendingPerMinute: 300,
  reportThreshold: 3,
  keepClientDetailsDays: 90,
  purgeSpamTrashDays: 30,
  ownEditMinutes: 15,
};

// The settings form's own rules check what is stored (the word lists are stored as arrays), so a
// value edited by hand into the database cannot reach the rules with the wrong type or range.
const storedSetting: { [Key in keyof DiscussionSettings]: z.ZodType<DiscussionSettings[Key], unknown> } = {
  ...SettingsInput.shape,
  moderationWords: z.array(z.string()),
  disallowedWords: z.array(z.string()),
};

/** Stored rows (JSON values by key) as settings; a missing, unreadable or invalid value keeps its default. */
export function settingsFromStored(rows: readonly { key: string; value: string }[]): DiscussionSettings {
  const current: Record<string, unknown> = { ...defaultSettings };
  for (const row of rows) {
    if (!Object.hasOwn(storedSetting, row.key)) continue;
    let value: unknown;
    try {
      value = JSON.parse(row.value);
    } catch {
      continue; // not JSON: the default stands
    }
    const checked = storedSetting[row.key as keyof DiscussionSettings].safeParse(value);
    if (checked.success) current[row.key] = checked.data;
  }
  return current as DiscussionSettings;
}

/** Settings of the whole site, beside the discussion settings in the same table. */
export type SiteSettings = { timeZone: string };
export const defaultSiteSettings: SiteSettings = { timeZone: defaultTimeZone };

/** Like settingsFromStored: a missing or invalid stored value keeps its default. */
export function siteSettingsFromStored(rows: readonly { key: string; value: string }[]): SiteSettings {
  const current: SiteSettings = { ...defaultSiteSettings };
  const row = rows.find((candidate) => candidate.key === 'timeZone');
  if (row) {
    try {
      const checked = SiteSettingsInput.shape.timeZone.safeParse(JSON.parse(row.value));
      if (checked.success) current.timeZone = checked.data;
    } catch {
      // not JSON: the default stands
    }
  }
  return current;
}

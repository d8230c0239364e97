import 'server-only';
import { preparedQuery } from '@/db/index';
import { settings } from '@/db/schema';

// Discussion settings: admins change them, every post reads them. Holds no personal data.

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
  /** Different readers whose reports take a comment off the page for review. */
  reportThreshold: number;
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
  reportThreshold: 3,
};

const allSettings = preparedQuery((db) => db.select().from(settings).prepare());

export function getDiscussionSettings(): DiscussionSettings {
  const rows = allSettings().all();
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      stored[row.key] = JSON.parse(row.value);
    } catch {
      // A hand-edited value that is not JSON falls back to the default.
    }
  }
  return { ...defaultSettings, ...(stored as Partial<DiscussionSettings>) };
}

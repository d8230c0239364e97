import { readDatabaseSetting } from '../lib/config';
import * as postgres from './postgres/schema';
import * as sqlite from './sqlite/schema';

// The tables the queries import, chosen once, when this module loads, by DATABASE_URL: SQLite's
// (db/sqlite/schema.ts) or PostgreSQL's (db/postgres/schema.ts). TypeScript sees SQLite's on both.
//
// Why this is sound: both schemas have the same exports, property names and SQL names, and their
// rows have the same TypeScript types (db/postgres/schema.test.ts checks all three). Drizzle builds
// a query from the table object's columns and names, and the handle it runs on (db/index.ts: an
// SQLite or a node-postgres drizzle) decides the dialect: quoting, placeholders, returning. Each
// column maps its own values (a PostgreSQL timestamp reads and writes Date like SQLite's
// timestamp_ms integer), so a query built with PostgreSQL's tables on PostgreSQL's handle is the
// query drizzle would build from db/postgres/schema.ts itself. What SQL text differs between the two
// (functions, raw statements) lives in db/dialect.ts. Migrations, the copy and the schema test
// import db/sqlite/schema.ts or db/postgres/schema.ts by name, never this module.

const tables = (readDatabaseSetting().kind === 'postgres' ? postgres : sqlite) as unknown as typeof sqlite;

export const {
  articles,
  sections,
  tags,
  articleTags,
  articleBylines,
  articleRedirects,
  importedItems,
  legacyAddresses,
  articleRevisions,
  articleAutosaves,
  articleEditors,
  images,
  comments,
  users,
  sessions,
  loginFailures,
  settings,
  moderationLog,
  reports,
  bans,
  commentCounts,
  pageInvalidations,
  leases,
  outbox,
  mailAddresses,
  surges,
  usedModerationLinks,
} = tables;

export { banKinds, reportReasons, mailKinds, type BanKind, type ReportReason } from './sqlite/schema';

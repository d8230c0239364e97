import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from './handle';

import { users } from './schema';
import { type UserRole } from '@/lib/accounts';
import { normalizeEmail } from '@/lib/email';

/** A database handle or a transaction on it. */
type Queryable = Pick<Db, 'select' | 'insert' | 'update'>;

// Moderator accounts, for the app's data layer (which checks the session first) and for the
// `npm run moderator` command (which runs on the server's own machine). No session checks here.

export type Account = { id: number; email: string; name: string; role: UserRole; disabled: boolean; createdAt: string };

const accountColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabled: users.disabled,
  createdAt: users.createdAt,
};

export function countAccounts(db: Queryable): number {
  return db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
}

export function listAccounts(db: Queryable): Account[] {
  return db
    .select(accountColumns)
    .from(users)
    .orderBy(asc(users.email))
    .all()
    .map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

export function findAccount(db: Queryable, email: string): Account | null {
  const row = db.select(accountColumns).from(users).where(eq(users.email, normalizeEmail(email))).get();
  return row ? { ...row, createdAt: row.createdAt.toISOString() } : null;
}

export function insertAccount(
  db: Queryable,
  input: { email: string; name: string; passwordHash: string; role: UserRole },
): { id: number } | { error: 'exists' } {
  const row = db
    .insert(users)
    .values({ ...input, email: normalizeEmail(input.email), createdAt: new Date() })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id })
    .get();
  return row ?? { error: 'exists' };
}

/** A new password ends every session of the account. */
export function updatePassword(db: Queryable, email: string, passwordHash: string): boolean {
  const result = db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.email, normalizeEmail(email)))
    .run();
  return result.changes > 0;
}

/** Disabling ends every session of the account at once. */
export function updateDisabled(db: Queryable, email: string, disabled: boolean): boolean {
  const result = db
    .update(users)
    .set({ disabled, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.email, normalizeEmail(email)))
    .run();
  return result.changes > 0;
}

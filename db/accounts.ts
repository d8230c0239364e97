import { asc, eq, sql } from 'drizzle-orm';
import { changedRows, type Db } from './handle';

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

export async function countAccounts(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(users);
  return Number(row?.n ?? 0);
}

export async function listAccounts(db: Queryable): Promise<Account[]> {
  const rows = await db.select(accountColumns).from(users).orderBy(asc(users.email));
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

export async function findAccount(db: Queryable, email: string): Promise<Account | null> {
  const [row] = await db.select(accountColumns).from(users).where(eq(users.email, normalizeEmail(email)));
  return row ? { ...row, createdAt: row.createdAt.toISOString() } : null;
}

export async function insertAccount(
  db: Queryable,
  input: { email: string; name: string; passwordHash: string; role: UserRole },
): Promise<{ id: number } | { error: 'exists' }> {
  const [row] = await db
    .insert(users)
    .values({ ...input, email: normalizeEmail(input.email), createdAt: new Date() })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  return row ?? { error: 'exists' };
}

/** A new password ends every session of the account. */
export async function updatePassword(db: Queryable, email: string, passwordHash: string): Promise<boolean> {
  const result = await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.email, normalizeEmail(email)));
  return changedRows(result) > 0;
}

/** Disabling ends every session of the account at once. */
export async function updateDisabled(db: Queryable, email: string, disabled: boolean): Promise<boolean> {
  const result = await db
    .update(users)
    .set({ disabled, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.email, normalizeEmail(email)));
  return changedRows(result) > 0;
}

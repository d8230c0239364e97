import 'server-only';
import crypto from 'node:crypto';
import { and, count, eq, gt, inArray, isNull, lt, max, or } from 'drizzle-orm';
import { first, getDb } from '@/db/index';
import { changedRows } from '@/db/handle';
import { write } from '@/db/writer';
import { loginFailures, sessions, users } from '@/db/schema';

import type { Staff, UserRole } from '@/lib/accounts';
import { normalizeEmail } from '@/lib/email';
import { loginThrottle, type LoginFailureKeys, type RecentLoginFailures } from '@/lib/login-throttle';

// Sign-in support for auth.ts only: credentials, sessions and the failed-attempt counters.
// The password hash leaves this file only towards auth.ts's comparison.

export type Credentials = {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  disabled: boolean;
  sessionVersion: number;
  passwordHash: string;
};

export async function findModeratorCredentials(email: string): Promise<Credentials | null> {
  const row = await first(
    getDb()
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        disabled: users.disabled,
        sessionVersion: users.sessionVersion,
        passwordHash: users.passwordHash,
      })
      .from(users)
      .where(eq(users.email, normalizeEmail(email))),
  );
  return row ?? null;
}

export async function startSession(userId: number, userVersion: number, maxAgeSeconds: number): Promise<string> {
  const id = crypto.randomBytes(24).toString('base64url');
  const now = Date.now();
  await write((tx) =>
    tx.insert(sessions).values({ id, userId, userVersion, expiresAt: new Date(now + maxAgeSeconds * 1000), createdAt: new Date(now) }),
  );
  return id;
}

export async function endSession(sessionId: string): Promise<void> {
  await write((tx) =>
    tx
      .update(sessions)
      .set({ endedAt: new Date() })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt))),
  );
}

/** The session behind a JWT, if it is still live: not ended, not expired, account enabled and unchanged. */
export async function getActiveSession(sessionId: string): Promise<Staff | null> {
  const row = await first(
    getDb()
      .select({
        userId: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        disabled: users.disabled,
        sessionVersion: users.sessionVersion,
        userVersion: sessions.userVersion,
        expiresAt: sessions.expiresAt,
        endedAt: sessions.endedAt,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sessionId)),
  );
  if (!row || row.endedAt || row.disabled || row.userVersion !== row.sessionVersion) return null;
  if (row.expiresAt.getTime() <= Date.now()) return null;
  return { id: row.userId, email: row.email, name: row.name, role: row.role };
}

/** Failed sign-ins in the throttle's window under each key (lib/login-throttle.ts), in one statement. */
export async function readRecentLoginFailures(keys: LoginFailureKeys, now = Date.now()): Promise<RecentLoginFailures> {
  const rows = await getDb()
    .select({ key: loginFailures.key, n: count(), last: max(loginFailures.createdAt) })
    .from(loginFailures)
    .where(and(inArray(loginFailures.key, [keys.pair, keys.client, keys.account]), gt(loginFailures.createdAt, new Date(now - loginThrottle.windowMs))))
    .groupBy(loginFailures.key);
  const of = (key: string) => rows.find((row) => row.key === key);
  const account = of(keys.account);
  return {
    pair: of(keys.pair)?.n ?? 0,
    client: of(keys.client)?.n ?? 0,
    account: account?.n ?? 0,
    lastAccountFailure: account?.last ? new Date(account.last) : null,
  };
}

export async function recordLoginFailure(keys: LoginFailureKeys): Promise<void> {
  const now = new Date();
  await write(async (tx) => {
    await tx.insert(loginFailures).values(Object.values(keys).map((key) => ({ key, createdAt: now })));
    await tx.delete(loginFailures).where(lt(loginFailures.createdAt, new Date(now.getTime() - 2 * loginThrottle.windowMs)));
  });
}

/** Drops sessions that ended or expired over a day ago (housekeeping): they can never be used again. */
export async function forgetOldSessions(now = Date.now()): Promise<number> {
  const dayAgo = new Date(now - 24 * 60 * 60_000);
  const result = await write((tx) => tx.delete(sessions).where(or(lt(sessions.expiresAt, dayAgo), lt(sessions.endedAt, dayAgo))));
  return changedRows(result);
}

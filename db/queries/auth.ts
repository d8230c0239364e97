import 'server-only';
import crypto from 'node:crypto';
import { and, count, eq, gt, isNull, lt, or } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { loginFailures, sessions, users } from '@/db/schema';

import type { Staff, UserRole } from '@/lib/accounts';
import { normalizeEmail } from '@/lib/email';

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

export function findModeratorCredentials(email: string): Credentials | null {
  return (
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
      .where(eq(users.email, normalizeEmail(email)))
      .get() ?? null
  );
}

export function startSession(userId: number, userVersion: number, maxAgeSeconds: number): string {
  const id = crypto.randomBytes(24).toString('base64url');
  const now = Date.now();
  getDb()
    .insert(sessions)
    .values({ id, userId, userVersion, expiresAt: new Date(now + maxAgeSeconds * 1000), createdAt: new Date(now) })
    .run();
  return id;
}

export function endSession(sessionId: string): void {
  getDb()
    .update(sessions)
    .set({ endedAt: new Date() })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)))
    .run();
}

/** The session behind a JWT, if it is still live: not ended, not expired, account enabled and unchanged. */
export function getActiveSession(sessionId: string): Staff | null {
  const row = getDb()
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
    .where(eq(sessions.id, sessionId))
    .get();
  if (!row || row.endedAt || row.disabled || row.userVersion !== row.sessionVersion) return null;
  if (row.expiresAt.getTime() <= Date.now()) return null;
  return { id: row.userId, email: row.email, name: row.name, role: row.role };
}

export const loginWindowMs = 15 * 60_000;

export function countRecentFailures(key: string): number {
  const since = new Date(Date.now() - loginWindowMs);
  return (
    getDb()
      .select({ n: count() })
      .from(loginFailures)
      .where(and(eq(loginFailures.key, key), gt(loginFailures.createdAt, since)))
      .get()?.n ?? 0
  );
}

export function recordLoginFailure(keys: string[]): void {
  const db = getDb();
  const now = new Date();
  db.transaction((tx) => {
    tx.insert(loginFailures)
      .values(keys.map((key) => ({ key, createdAt: now })))
      .run();
    tx.delete(loginFailures)
      .where(lt(loginFailures.createdAt, new Date(now.getTime() - 2 * loginWindowMs)))
      .run();
  });
}

/** Drops sessions that ended or expired over a day ago (housekeeping): they can never be used again. */
export function forgetOldSessions(now = Date.now()): number {
  const dayAgo = new Date(now - 24 * 60 * 60_000);
  return getDb()
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, dayAgo), lt(sessions.endedAt, dayAgo)))
    .run().changes;
}

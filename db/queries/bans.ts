import 'server-only';
import { and, eq, gt, isNull, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { preparedQuery } from '@/db/index';
import { storedTime } from '@/db/dialect';
import type { Db } from '@/db/handle';
import { bans, type BanKind } from '@/db/schema';
import { ipInRange } from '@/lib/ip-range';
import { normalizeEmail } from '@/lib/email';

// Checking a new post against the bans: no session needed, nothing but a reason returned.

/** Bans in force at `now` (a placeholder takes the time as stored: db/dialect.ts storedTime). */
export function activeBans(kind?: BanKind, now: Date | Placeholder = new Date()) {
  return and(kind ? eq(bans.kind, kind) : undefined, isNull(bans.liftedAt), or(isNull(bans.expiresAt), gt(bans.expiresAt, now)));
}

/** Whether a ban of this kind is in force (on this exact value, if given): for a query of its own or inside another. */
export function banInForce(kind: BanKind, now: Placeholder, value?: SQL | Placeholder): SQL {
  return sql`exists (select 1 from ${bans} where ${and(activeBans(kind, now), value === undefined ? undefined : eq(bans.value, value))})`;
}

const emailBan = preparedQuery((db) =>
  db
    .select({ note: bans.note })
    .from(bans)
    .where(and(activeBans('email', sql.placeholder('now')), eq(bans.value, sql.placeholder('email'))))
    .prepare(),
);

const addressBans = preparedQuery((db) =>
  db.select({ value: bans.value, prefixBits: bans.prefixBits }).from(bans).where(activeBans('ip', sql.placeholder('now'))).prepare(),
);

/** Why a new comment from this email and address is banned, or null. */
export async function findBanReason(email: string, ip: string | null, db?: Db): Promise<string | null> {
  const now = storedTime(Date.now());
  if ((await emailBan(db).execute({ now, email: normalizeEmail(email) })).length > 0) return 'banned email';
  return (await isAddressBanned(ip, db)) ? 'banned address' : null;
}

/** Whether an address ban (one address or a range) covers `ip`. */
export async function isAddressBanned(ip: string | null, db?: Db): Promise<boolean> {
  if (!ip) return false;
  const ranges = await addressBans(db).execute({ now: storedTime(Date.now()) });
  return ranges.some((ban) => ipInRange(ip, ban.value, ban.prefixBits));
}

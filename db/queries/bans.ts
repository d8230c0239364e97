import 'server-only';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { bans, type BanKind } from '@/db/schema';
import { ipInRange } from '@/app/_lib/ip-range';

// Checking a new post against the bans: no session needed, nothing but a reason returned.

export function activeBans(kind?: BanKind) {
  const now = new Date();
  return and(kind ? eq(bans.kind, kind) : undefined, isNull(bans.liftedAt), or(isNull(bans.expiresAt), gt(bans.expiresAt, now)));
}

/** Why a new comment from this email and address is banned, or null. */
export function findBanReason(email: string, ip: string | null): string | null {
  const db = getDb();
  const byEmail = db
    .select({ note: bans.note })
    .from(bans)
    .where(and(activeBans('email'), eq(bans.value, email.toLowerCase())))
    .get();
  if (byEmail) return 'banned email';
  if (!ip) return null;
  const ranges = db.select({ value: bans.value, prefixBits: bans.prefixBits }).from(bans).where(activeBans('ip')).all();
  return ranges.some((ban) => ipInRange(ip, ban.value, ban.prefixBits)) ? 'banned address' : null;
}

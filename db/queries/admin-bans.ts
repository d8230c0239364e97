import 'server-only';
import { assertAllowed, type Staff } from '@/lib/accounts';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { bans, users, type BanKind } from '@/db/schema';
import { activeBans } from './bans';
import { normalizeEmail } from '@/lib/email';

// Moderators list, add and lift bans; each function checks the session itself.

export type Ban = {
  id: number;
  kind: BanKind;
  value: string;
  prefixBits: number | null;
  note: string | null;
  expiresAt: string | null;
  createdBy: string | null;
  createdAt: string;
};

export async function listActiveBans(staff: Staff): Promise<Ban[]> {
  assertAllowed(staff, 'moderate');
  return getDb()
    .select({
      id: bans.id,
      kind: bans.kind,
      value: bans.value,
      prefixBits: bans.prefixBits,
      note: bans.note,
      expiresAt: bans.expiresAt,
      createdBy: users.name,
      createdAt: bans.createdAt,
    })
    .from(bans)
    .leftJoin(users, eq(users.id, bans.createdBy))
    .where(activeBans())
    .orderBy(desc(bans.createdAt))
    .all()
    .map((row) => ({
      ...row,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    }));
}

export async function createBan(staff: Staff, input: {
  kind: BanKind;
  value: string;
  prefixBits: number | null;
  note: string | null;
  expiresAt: Date | null;
}): Promise<void> {
  assertAllowed(staff, 'moderate');
  getDb()
    .insert(bans)
    .values({
      ...input,
      value: input.kind === 'email' ? normalizeEmail(input.value) : input.value,
      createdBy: staff.id,
      createdAt: new Date(),
    })
    .run();
}

export async function liftBan(staff: Staff, id: number): Promise<boolean> {
  assertAllowed(staff, 'moderate');
  return getDb().update(bans).set({ liftedAt: new Date() }).where(and(eq(bans.id, id), isNull(bans.liftedAt))).run().changes > 0;
}

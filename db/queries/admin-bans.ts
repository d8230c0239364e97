import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { bans, users, type BanKind } from '@/db/schema';
import { requireModerator } from '@/app/_lib/session';
import { activeBans } from './bans';

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

export async function listActiveBans(): Promise<Ban[]> {
  await requireModerator('/admin/bans');
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

export async function createBan(input: {
  kind: BanKind;
  value: string;
  prefixBits: number | null;
  note: string | null;
  expiresAt: Date | null;
}): Promise<void> {
  const moderator = await requireModerator('/admin');
  getDb()
    .insert(bans)
    .values({
      ...input,
      value: input.kind === 'email' ? input.value.toLowerCase() : input.value,
      createdBy: moderator.id,
      createdAt: new Date(),
    })
    .run();
}

export async function liftBan(id: number): Promise<boolean> {
  await requireModerator('/admin/bans');
  return getDb().update(bans).set({ liftedAt: new Date() }).where(and(eq(bans.id, id), isNull(bans.liftedAt))).run().changes > 0;
}

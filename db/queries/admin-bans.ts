import 'server-only';
import { assertAllowed, type Staff } from '@/lib/accounts';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/index';
import { changedRows } from '@/db/handle';
import { write } from '@/db/writer';
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
  const rows = await getDb()
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
    .orderBy(desc(bans.createdAt));
  return rows.map((row) => ({
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
  await write((tx) =>
    tx.insert(bans).values({
      ...input,
      value: input.kind === 'email' ? normalizeEmail(input.value) : input.value,
      createdBy: staff.id,
      createdAt: new Date(),
    }),
  );
}

export async function liftBan(staff: Staff, id: number): Promise<boolean> {
  assertAllowed(staff, 'moderate');
  const result = await write((tx) => tx.update(bans).set({ liftedAt: new Date() }).where(and(eq(bans.id, id), isNull(bans.liftedAt))));
  return changedRows(result) > 0;
}

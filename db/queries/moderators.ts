import 'server-only';
import { getDb } from '@/db/index';
import { countAccounts, insertAccount, listAccounts, updateDisabled, updatePassword, type Account } from '@/db/accounts';
import type { UserRole } from '@/db/schema';
import { requireAdmin } from '@/app/_lib/session';
import { hashPassword } from '@/app/_lib/password';

// Accounts for the admin pages: admins only, checked here. Never returns password hashes.

export type { Account };

export async function listModerators(): Promise<Account[]> {
  await requireAdmin('/admin/moderators');
  return listAccounts(getDb());
}

export async function addModerator(input: { email: string; name: string; password: string; role: UserRole }) {
  await requireAdmin('/admin/moderators');
  return insertAccount(getDb(), { ...input, passwordHash: await hashPassword(input.password) });
}

export async function setModeratorDisabled(email: string, disabled: boolean): Promise<boolean> {
  const admin = await requireAdmin('/admin/moderators');
  if (admin.email === email.toLowerCase() && disabled) return false;
  return updateDisabled(getDb(), email, disabled);
}

export async function resetModeratorPassword(email: string, password: string): Promise<boolean> {
  await requireAdmin('/admin/moderators');
  return updatePassword(getDb(), email, await hashPassword(password));
}

/** For the one-time /setup page: true while no account exists. */
export function needsFirstAdmin(): boolean {
  return countAccounts(getDb()) === 0;
}

/** Creates the first admin, and only while no account exists (checked inside one transaction). */
export async function createFirstAdmin(input: { email: string; name: string; password: string }): Promise<boolean> {
  const passwordHash = await hashPassword(input.password);
  const db = getDb();
  return db.transaction((tx) => {
    if (countAccounts(tx) > 0) return false;
    return 'id' in insertAccount(tx, { ...input, passwordHash, role: 'admin' });
  });
}

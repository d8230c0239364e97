import 'server-only';
import { assertAllowed, type Staff } from '@/lib/accounts';
import { getDb } from '@/db/index';
import { serializeWrites } from '@/db/dialect';
import { write } from '@/db/writer';
import { countAccounts, insertAccount, listAccounts, updateDisabled, updatePassword, type Account } from '@/db/accounts';

import { hashPassword } from '@/lib/password';
import { type UserRole } from '@/lib/accounts';
import { normalizeEmail } from '@/lib/email';

// Accounts for the admin pages: admins only, checked here. Never returns password hashes.

export type { Account };

export async function listModerators(staff: Staff): Promise<Account[]> {
  assertAllowed(staff, 'administer');
  return listAccounts(getDb());
}

export async function addModerator(staff: Staff, input: { email: string; name: string; password: string; role: UserRole }) {
  assertAllowed(staff, 'administer');
  const passwordHash = await hashPassword(input.password);
  return write((tx) => insertAccount(tx, { ...input, passwordHash }));
}

export async function setModeratorDisabled(admin: Staff, email: string, disabled: boolean): Promise<boolean> {
  assertAllowed(admin, 'administer');
  if (admin.email === normalizeEmail(email) && disabled) return false;
  return write((tx) => updateDisabled(tx, email, disabled));
}

export async function resetModeratorPassword(staff: Staff, email: string, password: string): Promise<boolean> {
  assertAllowed(staff, 'administer');
  const passwordHash = await hashPassword(password);
  return write((tx) => updatePassword(tx, email, passwordHash));
}

/** For the one-time /setup page: true while no account exists. */
export async function needsFirstAdmin(): Promise<boolean> {
  return (await countAccounts(getDb())) === 0;
}

/** Creates the first admin, and only while no account exists (checked inside one transaction). */
export async function createFirstAdmin(input: { email: string; name: string; password: string }): Promise<boolean> {
  const passwordHash = await hashPassword(input.password);
  return write(async (tx) => {
    // On PostgreSQL two setup pages sent at once would both count no account.
    await serializeWrites(tx, 'first-admin');
    if ((await countAccounts(tx)) > 0) return false;
    return 'id' in (await insertAccount(tx, { ...input, passwordHash, role: 'admin' }));
  });
}

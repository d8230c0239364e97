import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { getActiveSession } from '@/db/queries/auth';
import { can, type Permission, type Staff } from '@/lib/accounts';

/** The signed-in member of staff, checked against the database (live session, enabled account). */
export const getStaff = cache(async (): Promise<Staff | null> => {
  // No session cookie, no session: skip auth(), which costs a CSRF digest on every call (every
  // anonymous comment post asks this).
  const names = (await cookies()).getAll().map((cookie) => cookie.name);
  if (!names.some((name) => /^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(name))) return null;
  const session = (await auth()) as { sessionId?: unknown } | null;
  return typeof session?.sessionId === 'string' ? getActiveSession(session.sessionId) : null;
});

/** For pages and actions: sends a visitor without a session to sign in. */
export async function requireModerator(returnTo = '/admin'): Promise<Staff> {
  const staff = await getStaff();
  if (!staff) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!can(staff.role, 'moderate')) redirect('/login');
  return staff;
}

export async function requireAdmin(returnTo = '/admin'): Promise<Staff> {
  const staff = await requireModerator(returnTo);
  if (!can(staff.role, 'administer')) redirect('/admin?notice=admins-only');
  return staff;
}

/** For pages and actions that need one permission: a visitor signs in; staff without it go to their queue. */
export async function requireStaff(permission: Permission, returnTo = '/admin'): Promise<Staff> {
  const staff = await getStaff();
  if (!staff) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!can(staff.role, permission)) redirect('/admin?notice=not-allowed');
  return staff;
}

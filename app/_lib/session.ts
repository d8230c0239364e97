import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { getActiveSession } from '@/db/queries/auth';
import { can, type Permission, type Staff, type UserRole } from '@/lib/accounts';

/** The signed-in member of staff, checked against the database (live session, enabled account). */
export const getStaff = cache(async (): Promise<Staff | null> => {
  // No session cookie, no session: skip auth(), which costs a CSRF digest on every call (every
  // anonymous comment post asks this).
  const names = (await cookies()).getAll().map((cookie) => cookie.name);
  if (!names.some((name) => /^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(name))) return null;
  const session = (await auth()) as { sessionId?: unknown } | null;
  return typeof session?.sessionId === 'string' ? await getActiveSession(session.sessionId) : null;
});

/** Where a role can work: moderators on the queue, writers on the newsroom list. */
export function staffHome(role: UserRole): string {
  return can(role, 'moderate') ? '/admin' : '/admin/articles';
}

/**
 * For pages and actions: sends a visitor without a session to sign in, and someone signed in whose
 * role lacks the permission to their own home in the admin area (never back to /login: that loops).
 */
export async function requireStaff(permission: Permission, returnTo = '/admin'): Promise<Staff> {
  const staff = await getStaff();
  if (!staff) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!can(staff.role, permission)) {
    const home = staffHome(staff.role);
    const asked = returnTo.split('?')[0];
    // /admin is the admin area's front door (and where signing in leads): land there quietly.
    if (asked === '/admin') redirect(home);
    redirect(home === asked ? '/' : `${home}?notice=not-allowed`);
  }
  return staff;
}

export async function requireModerator(returnTo = '/admin'): Promise<Staff> {
  return requireStaff('moderate', returnTo);
}

export async function requireAdmin(returnTo = '/admin'): Promise<Staff> {
  const staff = await requireStaff('moderate', returnTo);
  if (!can(staff.role, 'administer')) redirect('/admin?notice=admins-only');
  return staff;
}

import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { getActiveSession } from '@/db/queries/auth';
import type { UserRole } from '@/db/queries/auth';

export type Moderator = { id: number; email: string; name: string; role: UserRole };

/** The signed-in moderator, checked against the database (live session, enabled account). */
export const getModerator = cache(async (): Promise<Moderator | null> => {
  // No session cookie, no session: skip auth(), which costs a CSRF digest on every call (every
  // anonymous comment post asks this).
  const names = (await cookies()).getAll().map((cookie) => cookie.name);
  if (!names.some((name) => /^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(name))) return null;
  const session = (await auth()) as { sessionId?: unknown } | null;
  const active = typeof session?.sessionId === 'string' ? getActiveSession(session.sessionId) : null;
  return active ? { id: active.userId, email: active.email, name: active.name, role: active.role } : null;
});

export async function requireModerator(returnTo = '/admin'): Promise<Moderator> {
  const moderator = await getModerator();
  if (!moderator) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return moderator;
}

export async function requireAdmin(returnTo = '/admin'): Promise<Moderator> {
  const moderator = await requireModerator(returnTo);
  if (moderator.role !== 'admin') redirect('/admin?notice=admins-only');
  return moderator;
}

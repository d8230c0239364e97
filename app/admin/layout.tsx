import Link from 'next/link';
import type { Metadata } from 'next';
import { getStaff } from '@/app/_lib/session';
import { can } from '@/lib/accounts';
import { signOutModerator } from '@/app/login/actions';

export const metadata: Metadata = { title: 'Moderation', robots: { index: false } };

// Navigation only, showing what the role can do: each admin page and action checks the session and role itself.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const moderator = await getStaff();
  return (
    <div className="admin">
      {moderator && (
        <header className="admin-header">
          <nav aria-label="Admin">
            {can(moderator.role, 'write') && <Link href="/admin/articles">Articles</Link>}
            {can(moderator.role, 'edit') && <Link href="/admin/sections">Sections</Link>}
            {can(moderator.role, 'moderate') && <Link href="/admin">Queue</Link>}
            {can(moderator.role, 'moderate') && <Link href="/admin/bans">Bans</Link>}
            {can(moderator.role, 'moderate') && <Link href="/admin/surge">Surge</Link>}
            {can(moderator.role, 'write') && <Link href="/admin/images">Images</Link>}
            {can(moderator.role, 'administer') && <Link href="/admin/settings">Settings</Link>}
            {can(moderator.role, 'administer') && <Link href="/admin/moderators">People</Link>}
            {can(moderator.role, 'administer') && <Link href="/admin/outbox">Outbox</Link>}
            {can(moderator.role, 'moderate') && <Link href="/admin/account">Account</Link>}
            {can(moderator.role, 'administer') && <Link href="/admin/reader-data">Reader data</Link>}
          </nav>
          <form action={signOutModerator} className="sign-out">
            <span>
              {moderator.name} ({moderator.role})
            </span>
            <button type="submit">Sign out</button>
          </form>
        </header>
      )}
      {children}
    </div>
  );
}

import type { Metadata } from 'next';
import { getSiteSettings } from '@/db/queries/settings';
import { listActiveBans } from '@/db/queries/admin-bans';
import { requireModerator } from '@/app/_lib/session';
import { formatDateTime } from '@/lib/format';
import { liftBanById } from '@/app/admin/actions';

export const metadata: Metadata = { title: 'Bans' };

export default async function BansPage() {
  const staff = await requireModerator('/admin/bans');
  const bans = await listActiveBans(staff);
  const { timeZone } = await getSiteSettings();
  return (
    <div className="moderators">
      <h1>Bans</h1>
      <p>New comments from a banned email or address go straight to Spam. Ban from a comment in the queue.</p>
      {bans.length === 0 ? (
        <p>No bans in force.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Bans in force</caption>
          <thead>
            <tr>
              <th scope="col">Banned</th>
              <th scope="col">Until</th>
              <th scope="col">Note</th>
              <th scope="col">By</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {bans.map((ban) => {
              const target = `${ban.value}${ban.prefixBits !== null ? `/${ban.prefixBits}` : ''}`;
              return (
                <tr key={ban.id}>
                  <td>
                    {ban.kind === 'email' ? 'Email' : 'Address'} {target}
                  </td>
                  <td>{ban.expiresAt ? formatDateTime(ban.expiresAt, timeZone) : 'Until lifted'}</td>
                  <td>{ban.note}</td>
                  <td>
                    {ban.createdBy ?? '—'}, <time dateTime={ban.createdAt}>{formatDateTime(ban.createdAt, timeZone)}</time>
                  </td>
                  <td>
                    <form action={liftBanById.bind(null, ban.id)}>
                      <button type="submit" aria-label={`Lift the ban on ${target}`}>
                        Lift
                      </button>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

import type { Metadata } from 'next';
import { getSiteSettings } from '@/db/queries/settings';
import { listModerators } from '@/db/queries/moderators';
import { requireAdmin } from '@/app/_lib/session';
import { formatDate } from '@/lib/format';
import { AccountForm } from '@/components/account-form';
import { PasswordReset } from '@/app/admin/_components/password-reset';
import { addModeratorAccount, resetAccountPassword, setAccountDisabled } from './actions';

export const metadata: Metadata = { title: 'People' };

export default async function ModeratorsPage() {
  const admin = await requireAdmin('/admin/moderators');
  const accounts = await listModerators(admin);
  const { timeZone } = await getSiteSettings();
  return (
    <div className="moderators">
      <h1>People</h1>
      <p>Staff accounts and their roles: admins, editors, contributors and moderators.</p>
      <table>
        <caption className="visually-hidden">Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Since</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id}>
              <td>{account.name}</td>
              <td>{account.email}</td>
              <td>{account.role}</td>
              <td>{formatDate(account.createdAt, timeZone)}</td>
              <td>{account.disabled ? 'Disabled' : 'Active'}</td>
              <td>
                {account.email !== admin.email && (
                  <form action={setAccountDisabled.bind(null, account.email, !account.disabled)}>
                    <button type="submit" aria-label={`${account.disabled ? 'Enable' : 'Disable'} ${account.email}`}>
                      {account.disabled ? 'Enable' : 'Disable'}
                    </button>
                  </form>
                )}
                <PasswordReset email={account.email} reset={resetAccountPassword.bind(null, account.email)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add an account</h2>
      <AccountForm action={addModeratorAccount} submitLabel="Add account" chooseRole />
    </div>
  );
}

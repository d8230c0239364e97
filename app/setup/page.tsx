import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { needsFirstAdmin } from '@/db/queries/moderators';
import { isSetupToken } from '@/lib/setup-token';
import { AccountForm } from '@/components/account-form';
import { setUpFirstAdmin } from './actions';

export const metadata: Metadata = { title: 'Create the first admin', robots: { index: false } };

// Exists only while no account exists, and only with the token printed to the server log.
export default async function SetupPage({ searchParams }: PageProps<'/setup'>) {
  await connection();
  const { token } = await searchParams;
  if (!(await needsFirstAdmin()) || !isSetupToken(token)) notFound();
  return (
    <div className="login">
      <h1>Create the first admin</h1>
      <p>This page works once. Afterwards, admins add moderators at /admin/moderators.</p>
      <AccountForm action={setUpFirstAdmin.bind(null, token as string)} submitLabel="Create admin" />
    </div>
  );
}

'use client';

import { setUpFirstAdmin } from '@/app/setup/actions';
import { AccountForm } from './account-form';

export function SetupForm({ token }: { token: string }) {
  return <AccountForm action={setUpFirstAdmin.bind(null, token)} submitLabel="Create admin" />;
}

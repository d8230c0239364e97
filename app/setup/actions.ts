'use server';

import { redirect } from 'next/navigation';
import { createFirstAdmin, needsFirstAdmin } from '@/db/queries/moderators';
import { isSetupToken, removeSetupToken } from '@/lib/setup-token';
import { AccountInput, fieldErrorsOf, type AccountFormState } from '@/lib/schemas';

export async function setUpFirstAdmin(token: string, _previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  if (!(await needsFirstAdmin()) || !isSetupToken(token)) return { status: 'error', message: 'This set-up link is no longer valid.' };
  const parsed = AccountInput.safeParse({
    name: formData.get('name'),
    email: formData.get('email'),
    password: formData.get('password'),
    role: 'admin',
  });
  if (!parsed.success) return { status: 'error', message: 'Please correct the fields.', fieldErrors: fieldErrorsOf(parsed.error) };
  if (!(await createFirstAdmin(parsed.data))) return { status: 'error', message: 'An account exists already.' };
  removeSetupToken();
  redirect('/login?callbackUrl=/admin');
}

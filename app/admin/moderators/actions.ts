'use server';

import { revalidatePath } from 'next/cache';
import { z } from '@/lib/zod';
import { addModerator, resetModeratorPassword, setModeratorDisabled } from '@/db/queries/moderators';
import { requireAdmin } from '@/app/_lib/session';
import { AccountInput, fieldErrorsOf, type AccountFormState } from '@/lib/schemas';

export async function addModeratorAccount(_previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const admin = await requireAdmin('/admin/moderators');
  const parsed = AccountInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { status: 'error', message: 'Please correct the fields.', fieldErrors: fieldErrorsOf(parsed.error) };
  const result = await addModerator(admin, parsed.data);
  if ('error' in result) return { status: 'error', message: 'An account with that email exists already.' };
  revalidatePath('/admin/moderators');
  return { status: 'done', message: `Added ${parsed.data.email}.` };
}

export async function setAccountDisabled(email: string, disabled: boolean): Promise<void> {
  const admin = await requireAdmin('/admin/moderators');
  if (typeof email !== 'string' || typeof disabled !== 'boolean') return;
  await setModeratorDisabled(admin, email, disabled);
  revalidatePath('/admin/moderators');
}

const ResetInput = z.object({ password: AccountInput.shape.password });

export async function resetAccountPassword(email: string, _previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const admin = await requireAdmin('/admin/moderators');
  const parsed = ResetInput.safeParse({ password: formData.get('password') });
  if (typeof email !== 'string') return { status: 'error', message: 'Unknown account.' };
  if (!parsed.success) return { status: 'error', message: parsed.error.issues[0]?.message ?? 'Invalid password.' };
  const changed = await resetModeratorPassword(admin, email, parsed.data.password);
  return changed
    ? { status: 'done', message: 'Password changed; every session of this account has ended.' }
    : { status: 'error', message: 'Unknown account.' };
}

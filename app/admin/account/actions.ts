'use server';

import { redirect } from 'next/navigation';
import { setHeldMailChoice } from '@/db/queries/held-mail';
import { requireModerator } from '@/app/_lib/session';
import { HeldMailInput } from '@/lib/schemas';

export async function saveHeldMailChoice(formData: FormData): Promise<void> {
  const staff = await requireModerator('/admin/account');
  const parsed = HeldMailInput.safeParse({ heldMail: formData.get('heldMail') });
  if (!parsed.success) redirect('/admin/account?error=choice');
  await setHeldMailChoice(staff, parsed.data.heldMail);
  redirect('/admin/account?saved=1');
}

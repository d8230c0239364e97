'use server';

import { redirect } from 'next/navigation';
import { confirmAddress, stopAllMail, stopRepliesTo } from '@/db/queries/mail';
import { checkMailLink } from '@/lib/mail-links';
import { MailLinkInput, StopRepliesInput } from '@/lib/schemas';

// Every action here is authorised by the signed link alone (no session): it acts on the address
// the link was signed for, and only on it.

export async function confirmEmail(formData: FormData): Promise<void> {
  const parsed = MailLinkInput.safeParse({ token: formData.get('token') });
  const link = parsed.success ? checkMailLink(parsed.data.token, 'confirm') : null;
  if (!link?.ok) redirect('/email/confirm?invalid=1');
  await confirmAddress(link.addressKey);
  redirect('/email/confirm?done=1');
}

export async function stopAllEmail(formData: FormData): Promise<void> {
  const parsed = MailLinkInput.safeParse({ token: formData.get('token') });
  const link = parsed.success ? checkMailLink(parsed.data.token, 'manage') : null;
  if (!parsed.success || !link?.ok) redirect('/email/manage?invalid=1');
  await stopAllMail(link.addressKey);
  redirect(`/email/manage?token=${encodeURIComponent(parsed.data.token)}&stopped=all`);
}

export async function stopReplies(formData: FormData): Promise<void> {
  const parsed = StopRepliesInput.safeParse({ token: formData.get('token'), commentId: formData.get('commentId') });
  const link = parsed.success ? checkMailLink(parsed.data.token, 'manage') : null;
  if (!parsed.success || !link?.ok) redirect('/email/manage?invalid=1');
  await stopRepliesTo(link.addressKey, parsed.data.commentId);
  redirect(`/email/manage?token=${encodeURIComponent(parsed.data.token)}&stopped=one`);
}

'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { moderateByLink } from '@/db/queries/moderation-links';
import { revalidateArticles } from '@/app/_lib/revalidate';
import { getStaff } from '@/app/_lib/session';
import { checkModerationLink } from '@/lib/mail-links';
import { MailLinkInput } from '@/lib/schemas';

// Authorised by the signed-in moderator's session or, without one, by the signed single-use link
// alone (bound to one moderator, one comment, one step): moderateByLink checks which.
export async function confirmModeration(formData: FormData): Promise<void> {
  const parsed = MailLinkInput.safeParse({ token: formData.get('token') });
  const link = parsed.success ? checkModerationLink(parsed.data.token) : null;
  if (!link?.ok) redirect(`/admin/confirm?outcome=${link?.reason === 'expired' ? 'expired' : 'invalid'}`);
  const result = await moderateByLink(link, await getStaff());
  if (!result.ok) redirect(`/admin/confirm?outcome=${result.reason}`);
  await revalidateArticles(result.changedSlugs, { frontPage: true });
  revalidatePath('/admin');
  redirect(`/admin/confirm?outcome=${link.intent === 'approve' ? 'approved' : 'spam'}`);
}

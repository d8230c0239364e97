'use server';

import { revalidatePath } from 'next/cache';
import { revalidateAllArticles, revalidateArticle, revalidateFrontPage } from '@/app/_lib/revalidate';
import { saveDiscussionSettings, setArticleCommentsOpen } from '@/db/queries/admin-settings';
import { requireAdmin } from '@/app/_lib/session';
import { SettingsInput, fieldErrorsOf, type SettingsFormState } from '@/lib/schemas';

export async function saveSettings(_previous: SettingsFormState, formData: FormData): Promise<SettingsFormState> {
  const admin = await requireAdmin('/admin/settings');
  const parsed = SettingsInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return { status: 'error', message: 'Please correct the settings marked below.', fieldErrors: fieldErrorsOf(parsed.error) };
  }
  await saveDiscussionSettings(admin, parsed.data);
  // Depth, paging and closing change how every article page looks.
  revalidateAllArticles();
  revalidateFrontPage();
  return { status: 'saved', message: 'Settings saved. They apply from the next comment.' };
}

export async function setCommentsOpen(slug: string, open: boolean): Promise<void> {
  const admin = await requireAdmin('/admin/settings');
  if (typeof slug !== 'string' || typeof open !== 'boolean') return;
  if (await setArticleCommentsOpen(admin, slug, open)) revalidateArticle(slug);
  revalidatePath('/admin/settings');
}

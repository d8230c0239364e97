'use server';

import { revalidatePath } from 'next/cache';
import { revalidateAllArticles, revalidateArticle, revalidateEveryPage, revalidateFrontPage } from '@/app/_lib/revalidate';
import { saveDiscussionSettings, saveSiteSettings, setArticleCommentsOpen } from '@/db/queries/admin-settings';
import { requireAdmin } from '@/app/_lib/session';
import { SettingsInput, SiteSettingsInput, fieldErrorsOf, type SettingsFormState, type SiteSettingsFormState } from '@/lib/schemas';

export async function saveSettings(_previous: SettingsFormState, formData: FormData): Promise<SettingsFormState> {
  const admin = await requireAdmin('/admin/settings');
  const parsed = SettingsInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return { status: 'error', message: 'Please correct the settings marked below.', fieldErrors: fieldErrorsOf(parsed.error) };
  }
  await saveDiscussionSettings(admin, parsed.data);
  // Depth, paging and closing change how every article page looks.
  await revalidateAllArticles();
  await revalidateFrontPage();
  return { status: 'saved', message: 'Settings saved. They apply from the next comment.' };
}

export async function setCommentsOpen(slug: string, open: boolean): Promise<void> {
  const admin = await requireAdmin('/admin/settings');
  if (typeof slug !== 'string' || typeof open !== 'boolean') return;
  if (await setArticleCommentsOpen(admin, slug, open)) await revalidateArticle(slug);
  revalidatePath('/admin/settings');
}

export async function saveSiteSettingsForm(_previous: SiteSettingsFormState, formData: FormData): Promise<SiteSettingsFormState> {
  const admin = await requireAdmin('/admin/settings');
  const parsed = SiteSettingsInput.safeParse({ timeZone: formData.get('timeZone') ?? '' });
  if (!parsed.success) {
    return { status: 'error', message: 'Please correct the time zone.', fieldErrors: fieldErrorsOf(parsed.error), timeZone: String(formData.get('timeZone') ?? '') };
  }
  await saveSiteSettings(admin, parsed.data);
  // Every date readers and staff see is in it.
  await revalidateEveryPage();
  return { status: 'saved', message: `The site now shows times in ${parsed.data.timeZone}, and the newsroom enters them in it.`, timeZone: parsed.data.timeZone };
}

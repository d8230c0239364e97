'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import {
  autosaveArticle,
  discardAutosave,
  markEditing,
  restoreRevision,
  saveArticle,
  stopEditing,
  type SaveResult,
} from '@/db/queries/newsroom';
import { getSiteSettings } from '@/db/queries/settings';
import { requireStaff } from '@/app/_lib/session';
import { revalidateArticles, revalidateListings } from '@/app/_lib/revalidate';
import { reschedulePublications } from '@/app/_lib/publication-scheduler';
import { NotAllowedError } from '@/lib/accounts';
import {
  ArticleInput,
  articleFields,
  readArticleForm,
  type ArticleFormState,
  type ArticleFormValues,
  type ArticleIntent,
} from '@/lib/article-schemas';
import { fieldErrorsOf } from '@/lib/schemas';
import { fromZonedInput } from '@/lib/zoned-time';
import { newsroomArticlePath } from '@/lib/paths';

const done: Record<ArticleIntent, string> = {
  save: 'Saved.',
  submit: 'Submitted for review: an editor will take it from here.',
  return: 'Sent back to draft.',
  publish: 'Published: readers can see it now.',
  schedule: 'Scheduled.',
  update: 'Updated: readers see the change now.',
  unpublish: 'Unpublished: its address no longer shows it.',
};

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

async function afterSave(result: Extract<SaveResult, { ok: true }>) {
  await revalidateArticles(result.changedSlugs);
  // Listings, feeds and sitemaps change with what is public; the publication timer looks again
  // in any case (a save may have scheduled an article).
  if (result.changedSlugs.length) await revalidateListings();
  else reschedulePublications();
  revalidatePath('/admin/articles');
  revalidatePath(newsroomArticlePath(result.id));
}

/** New (articleId null) or existing article: one form, the button pressed says what to do. */
export async function saveArticleForm(articleId: number | null, _previous: ArticleFormState, formData: FormData): Promise<ArticleFormState> {
  const returnTo = isId(articleId) ? newsroomArticlePath(articleId) : '/admin/articles/new';
  const staff = await requireStaff('write', returnTo);
  if (articleId !== null && !isId(articleId)) return { status: 'error', message: 'That article does not exist.' };
  const { intent, ...values } = readArticleForm(formData);
  const baseVersion = Number(formData.get('baseVersion'));
  const parsed = ArticleInput.safeParse({ ...values, intent });
  if (!parsed.success) {
    return { status: 'error', message: 'Please correct the fields marked below. Nothing was saved.', fieldErrors: fieldErrorsOf(parsed.error), values };
  }
  const { publishAt, body, ...input } = parsed.data;
  const { timeZone } = await getSiteSettings();
  const at = input.intent === 'schedule' ? fromZonedInput(publishAt, timeZone) : null;
  if (input.intent === 'schedule' && !at) {
    return { status: 'error', message: 'Please correct the fields marked below. Nothing was saved.', fieldErrors: { publishAt: ['Enter a real date and time.'] }, values };
  }

  let result: SaveResult;
  try {
    result = await saveArticle(staff, articleId, articleId === null ? null : baseVersion, { ...input, bodySource: body, publishAt: at });
  } catch (error) {
    if (error instanceof NotAllowedError) {
      return { status: 'error', message: 'Your role cannot do that to this article. Nothing was saved.', values };
    }
    throw error;
  }
  if (!result.ok) {
    switch (result.reason) {
      case 'stale':
        return {
          status: 'stale',
          message: `Someone else saved this article while you were editing (it is now at version ${result.version}). Nothing was saved, and your text is still here: copy what you need, then reload the page to see their version.`,
          values,
        };
      case 'fields':
        return { status: 'error', message: 'Please correct the fields marked below. Nothing was saved.', fieldErrors: result.fieldErrors, values };
      default:
        return { status: 'error', message: 'That article no longer exists.', values };
    }
  }
  await afterSave(result);
  if (articleId === null) redirect(`${newsroomArticlePath(result.id)}?created=${result.state}`);
  const message = result.note ?? (result.state === 'scheduled' ? 'Scheduled: it will appear at the time shown.' : done[input.intent]);
  return { status: 'saved', message, values: { ...values, slug: result.slug }, version: result.version, articleId: result.id };
}

function cleanValues(values: unknown): ArticleFormValues | null {
  if (typeof values !== 'object' || values === null) return null;
  const clean: ArticleFormValues = {};
  for (const field of articleFields) {
    const value = (values as Record<string, unknown>)[field];
    if (typeof value === 'string') clean[field] = value.slice(0, 50_000);
  }
  return clean;
}

/** Unsaved work while typing; nothing public changes. */
export async function autosaveArticleDraft(articleId: number, baseVersion: number, values: ArticleFormValues): Promise<{ savedAt: string } | { error: string }> {
  const staff = await requireStaff('write', '/admin/articles');
  const clean = cleanValues(values);
  if (!isId(articleId) || !Number.isSafeInteger(baseVersion) || !clean) return { error: 'Not saved.' };
  try {
    return (await autosaveArticle(staff, articleId, baseVersion, clean)) ?? { error: 'That article no longer exists.' };
  } catch (error) {
    if (error instanceof NotAllowedError) return { error: 'Your role cannot change this article.' };
    throw error;
  }
}

export async function discardArticleAutosave(articleId: number): Promise<void> {
  const staff = await requireStaff('write', '/admin/articles');
  if (isId(articleId)) await discardAutosave(staff, articleId);
}

/** The editor page says so every 15 s; the answer is who else has the article open. */
export async function pingEditing(articleId: number): Promise<string[]> {
  const staff = await requireStaff('write', '/admin/articles');
  if (!isId(articleId)) return [];
  try {
    return (await markEditing(staff, articleId)).map((other) => other.name);
  } catch (error) {
    if (error instanceof NotAllowedError) return [];
    throw error;
  }
}

export async function leaveEditing(articleId: number): Promise<void> {
  const staff = await requireStaff('write', '/admin/articles');
  if (isId(articleId)) await stopEditing(staff, articleId);
}

export async function restoreArticleRevision(articleId: number, revisionId: number, baseVersion: number): Promise<void> {
  const staff = await requireStaff('write', '/admin/articles');
  if (!isId(articleId) || !isId(revisionId) || !Number.isSafeInteger(baseVersion)) return;
  let result: SaveResult;
  try {
    result = await restoreRevision(staff, articleId, revisionId, baseVersion);
  } catch (error) {
    if (error instanceof NotAllowedError) redirect(`${newsroomArticlePath(articleId, 'revisions')}?notice=not-allowed`);
    throw error;
  }
  if (!result.ok) {
    redirect(`${newsroomArticlePath(articleId, 'revisions')}?notice=${result.reason === 'stale' ? 'stale' : 'not-found'}`);
  }
  await afterSave(result);
  revalidatePath(newsroomArticlePath(articleId, 'revisions'));
  redirect(`${newsroomArticlePath(articleId)}?restored=${revisionId}`);
}

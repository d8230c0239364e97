// What an article is, as every layer sees it.

import { can, type Staff } from './accounts';

/**
 * draft: being written. review: a contributor submitted it for an editor. published: public from
 * its publishedAt (a future time means scheduled). unpublished: taken down; its address answers 410.
 */
export const articleStatuses = ['draft', 'review', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];

/** What the newsroom list calls an article: a published article whose time is still to come is scheduled. */
export type ArticleState = 'draft' | 'review' | 'scheduled' | 'published' | 'unpublished';
export const articleStates: readonly ArticleState[] = ['draft', 'review', 'scheduled', 'published', 'unpublished'];

export function articleState(status: ArticleStatus, publishedAt: Date | string, now = Date.now()): ArticleState {
  if (status !== 'published') return status;
  return new Date(publishedAt).getTime() > now ? 'scheduled' : 'published';
}

/** What happened to an article, as its revisions record it. */
export const revisionActions = [
  'created',
  'saved',
  'submitted',
  'returned',
  'published',
  'scheduled',
  'updated',
  'unpublished',
  'restored',
] as const;
export type RevisionAction = (typeof revisionActions)[number];

/** An article as the rules see it: whose it is and where it stands. */
export type ArticleAccess = { createdBy: number | null; status: ArticleStatus };

/**
 * Who may open and change an article: editors and admins any; a contributor only their own, and only
 * while it is a draft or in review (once published it is the editors').
 */
export function canEditArticle(staff: Pick<Staff, 'id' | 'role'>, article: ArticleAccess): boolean {
  if (can(staff.role, 'edit')) return true;
  return can(staff.role, 'write') && article.createdBy === staff.id && (article.status === 'draft' || article.status === 'review');
}

/** Who may see an article in the newsroom (its preview and revisions): editors any, contributors their own. */
export function canViewArticle(staff: Pick<Staff, 'id' | 'role'>, article: ArticleAccess): boolean {
  if (can(staff.role, 'edit')) return true;
  return can(staff.role, 'write') && article.createdBy === staff.id;
}

/** A slug from a headline: lower-case ASCII letters, digits and hyphens, at most 80 characters. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

/** What the editor says when a new article has just been made, by the state it was made in. */
export const createdNotices: Record<ArticleState, string> = {
  draft: 'Created. From now on what you type is autosaved.',
  review: 'Created and submitted for review: an editor will take it from here.',
  scheduled: 'Created and scheduled: it will appear at the time shown.',
  published: 'Created and published: readers can see it now.',
  unpublished: 'Created.',
};

export const articleStateLabels: Record<ArticleState, string> = {
  draft: 'Draft',
  review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
};

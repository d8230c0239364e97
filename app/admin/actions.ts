'use server';

import { revalidatePath } from 'next/cache';
import { revalidateArticles } from '@/app/_lib/revalidate';
import { z } from '@/lib/zod';
import { createStaffReply, deleteCommentPermanently, dismissReports, editComment, setCommentStatus, type ModerationResult } from '@/db/queries/moderation';
import { requireModerator } from '@/app/_lib/session';
import { BanInput, EditCommentInput, StaffReplyInput, fieldErrorsOf, type RowState } from '@/lib/schemas';
import { createBan, liftBan } from '@/db/queries/admin-bans';
import { isIpAddress } from '@/lib/ip-range';
import { commentStatuses } from '@/lib/comments';
import { bulkIntentsFor, isStatusIntent, moderationIntents, queueTabs, statusOfTab } from '@/lib/moderation';

const Id = z.coerce.number().int().positive();
const Status = z.enum(commentStatuses);
const Intent = z.enum(moderationIntents);
const Tab = z.enum(queueTabs);

async function publish(result: ModerationResult) {
  // A refused action leaves the queue as it is: refreshing it would remove the row, and with it
  // the "Already handled" message the moderator needs to see.
  if (!result.ok) return;
  await revalidateArticles(result.changedSlugs, { frontPage: true });
  revalidatePath('/admin');
}

function outcome(result: ModerationResult, done: string): RowState {
  if (result.ok) return { status: 'done', message: done };
  return {
    status: 'error',
    message:
      result.reason === 'already-handled'
        ? 'Already handled: another moderator changed this comment. Reload the page to see the queue as it is now.'
        : 'That action does not apply to this comment.',
  };
}

// The row actions take the comment from the form, not bound to it: a bound action is encrypted
// into the page once per row and per action, the largest cost of rendering the queue.

export async function moderateComment(_previous: RowState, formData: FormData): Promise<RowState> {
  const staff = await requireModerator('/admin');
  const id = Id.safeParse(formData.get('commentId'));
  const seen = Status.safeParse(formData.get('seenStatus'));
  const intent = Intent.safeParse(formData.get('intent'));
  if (!id.success || !seen.success || !intent.success) return { status: 'error', message: 'Unknown action.' };
  if (intent.data === 'dismiss') {
    const result = await dismissReports(staff, id.data);
    await publish(result);
    return outcome(result, 'Reports dismissed; the comment is back on the page.');
  }
  if (intent.data === 'delete') {
    if (formData.get('confirm') !== 'yes') return { status: 'confirm-delete' };
    const result = await deleteCommentPermanently(staff, id.data);
    await publish(result);
    return outcome(result, 'Deleted permanently.');
  }
  if (!isStatusIntent(intent.data)) return { status: 'error', message: 'Unknown action.' };
  const result = await setCommentStatus(staff, [id.data], seen.data, intent.data);
  await publish(result);
  return outcome(result, 'Done.');
}

/** Bound to the queue tab by the page: only the steps the bulk bar offers on that tab are taken. */
export async function moderateSelected(queueTab: string, _previous: RowState, formData: FormData): Promise<RowState> {
  const staff = await requireModerator('/admin');
  const tab = Tab.safeParse(queueTab);
  const asked = Intent.safeParse(formData.get('intent'));
  const intent = tab.success && asked.success ? bulkIntentsFor(tab.data).find((offered) => offered === asked.data) : undefined;
  const ids = z.array(Id).max(200).safeParse(formData.getAll('ids'));
  if (!tab.success || !intent || !ids.success) return { status: 'error', message: 'Unknown action.' };
  if (ids.data.length === 0) return { status: 'error', message: 'Select at least one comment first.' };
  const result = await setCommentStatus(staff, ids.data, statusOfTab(tab.data), intent);
  await publish(result);
  return outcome(result, `Done: ${ids.data.length} selected.`);
}

export async function saveCommentEdit(_previous: RowState, formData: FormData): Promise<RowState> {
  const staff = await requireModerator('/admin');
  const id = Id.safeParse(formData.get('commentId'));
  const parsed = EditCommentInput.safeParse({
    comment: formData.get('comment'),
    name: formData.get('name'),
    website: formData.get('website') ?? '',
  });
  if (!id.success) return { status: 'error', message: 'Unknown comment.' };
  if (!parsed.success) {
    return { status: 'error', message: 'Please correct the fields.', fieldErrors: fieldErrorsOf(parsed.error) };
  }
  const result = await editComment(staff, id.data, {
    body: parsed.data.comment,
    authorName: parsed.data.name,
    authorUrl: parsed.data.website ?? null,
  });
  await publish(result);
  return outcome(result, 'Saved.');
}

export async function postStaffReply(_previous: RowState, formData: FormData): Promise<RowState> {
  const staff = await requireModerator('/admin');
  const id = Id.safeParse(formData.get('commentId'));
  const parsed = StaffReplyInput.safeParse({ comment: formData.get('comment') });
  if (!id.success) return { status: 'error', message: 'Unknown comment.' };
  if (!parsed.success) {
    return { status: 'error', message: 'Please write a reply.', fieldErrors: fieldErrorsOf(parsed.error) };
  }
  const result = await createStaffReply(staff, id.data, parsed.data.comment);
  await publish(result);
  return outcome(result, 'Reply published.');
}

export async function banAuthor(_previous: RowState, formData: FormData): Promise<RowState> {
  const staff = await requireModerator('/admin');
  const [targetKind, ...targetValue] = String(formData.get('target') ?? '').split(':');
  const parsed = BanInput.safeParse({ ...Object.fromEntries(formData), kind: targetKind, value: targetValue.join(':') });
  if (!parsed.success) {
    return { status: 'error', message: parsed.error.issues[0]?.message ?? 'Check the ban.', fieldErrors: fieldErrorsOf(parsed.error) };
  }
  const { kind, value, prefixBits, days, note } = parsed.data;
  if (kind === 'ip' && !isIpAddress(value)) return { status: 'error', message: 'That is not an IP address.' };
  await createBan(staff, {
    kind,
    value,
    prefixBits: kind === 'ip' ? prefixBits : null,
    note,
    expiresAt: days === null ? null : new Date(Date.now() + days * 86_400_000),
  });
  revalidatePath('/admin/bans');
  return { status: 'done', message: `Banned ${value}${kind === 'ip' && prefixBits !== null ? `/${prefixBits}` : ''}. New comments go to Spam.` };
}

export async function liftBanById(banId: number): Promise<void> {
  const staff = await requireModerator('/admin/bans');
  const id = Id.safeParse(banId);
  if (!id.success) return;
  await liftBan(staff, id.data);
  revalidatePath('/admin/bans');
}

'use server';

import { redirect } from 'next/navigation';
import { revalidateArticles } from '@/app/_lib/revalidate';
import { getReaderToken } from '@/app/_lib/reader';
import { deleteOwnComment, editOwnComment, type OwnChangeResult } from '@/db/queries/own-comments';
import { getDiscussionSettings } from '@/db/queries/settings';
import { ownChangeRefusal } from '@/lib/own-words';
import { fieldErrorsOf, OwnCommentTarget, OwnDeleteInput, OwnEditInput, type OwnEditFormState } from '@/lib/schemas';
import { errorMessage } from '@/lib/error-message';

// A reader's edit or delete of their own comment. The slug and id are bound on the page, but a
// forged call may send anything: both are parsed, and the data layer checks this browser's token
// against the comment's reader_key, the time and the replies, in the write itself.

const couldNotSave = 'Your change could not be saved just now. Please try again in a moment: your text is still here.';

async function afterChange(slug: string, commentId: number, result: OwnChangeResult & { ok: true }): Promise<never> {
  if (result.changedSlugs.length > 0) await revalidateArticles(result.changedSlugs, { frontPage: true });
  redirect(`/articles/${encodeURIComponent(slug)}#comment-${commentId}`);
}

export async function saveOwnEdit(slug: string, commentId: number, _previous: OwnEditFormState, formData: FormData): Promise<OwnEditFormState> {
  const typed = formData.get('comment');
  const values = { comment: typeof typed === 'string' ? typed : '' };
  const target = OwnCommentTarget.safeParse({ slug, commentId });
  const token = await getReaderToken();
  if (!target.success || !token) return { status: 'error', message: ownChangeRefusal['not-yours'], values };
  const parsed = OwnEditInput.safeParse(values);
  if (!parsed.success) {
    return { status: 'error', message: 'Please correct the field marked below.', fieldErrors: fieldErrorsOf<'comment'>(parsed.error), values };
  }
  let result: OwnChangeResult;
  try {
    result = await editOwnComment(target.data.commentId, token, parsed.data.comment, await getDiscussionSettings());
  } catch (error) {
    console.error(`margin: a reader's edit could not be saved: ${errorMessage(error)}`);
    return { status: 'error', message: couldNotSave, values };
  }
  if (!result.ok) return { status: 'error', message: ownChangeRefusal[result.reason], values };
  return afterChange(target.data.slug, target.data.commentId, result);
}

export async function deleteOwnWords(slug: string, commentId: number, _previous: OwnEditFormState, formData: FormData): Promise<OwnEditFormState> {
  const target = OwnCommentTarget.safeParse({ slug, commentId });
  const confirmed = OwnDeleteInput.safeParse({ confirm: formData.get('confirm') });
  const token = await getReaderToken();
  if (!confirmed.success) return { status: 'error', message: 'Press Delete this comment to delete it.' };
  if (!target.success || !token) return { status: 'error', message: ownChangeRefusal['not-yours'] };
  let result: OwnChangeResult;
  try {
    result = await deleteOwnComment(target.data.commentId, token, (await getDiscussionSettings()).ownEditMinutes);
  } catch (error) {
    console.error(`margin: a reader's delete could not be saved: ${errorMessage(error)}`);
    return { status: 'error', message: 'Your comment could not be deleted just now. Please try again in a moment.' };
  }
  if (!result.ok) return { status: 'error', message: ownChangeRefusal[result.reason] };
  return afterChange(target.data.slug, target.data.commentId, result);
}

'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getArticleBySlug } from '@/db/queries/articles';
import { createComment, getReplyTarget, hasApprovedCommentFrom } from '@/db/queries/comments';
import { getDiscussionSettings } from '@/db/queries/settings';
import { decideStatus } from '@/app/_lib/comment-policy';
import {
  ensureReaderToken,
  getClientAddress,
  getUserAgent,
  isScriptedRequest,
  rememberHeldOn,
  setSavedDetails,
} from '@/app/_lib/reader';
import {
  CommentInput,
  fieldErrorsOf,
  readCommentForm,
  type CommentField,
  type CommentFormState,
} from '@/app/_lib/schemas';

export async function postComment(
  slug: string,
  _previous: CommentFormState,
  formData: FormData,
): Promise<CommentFormState> {
  const values = readCommentForm(formData);
  const parsed = CommentInput.safeParse(values);
  if (!parsed.success) {
    return {
      status: 'error',
      message: 'Please correct the fields marked below.',
      fieldErrors: fieldErrorsOf<CommentField>(parsed.error),
      values,
    };
  }
  const input = parsed.data;
  const settings = getDiscussionSettings();
  const article = typeof slug === 'string' ? getArticleBySlug(slug, settings.closeAfterDays) : null;
  if (!article) {
    return { status: 'error', message: 'This article no longer exists.', values };
  }
  if (!article.commentsOpen) {
    return { status: 'error', message: 'Comments are closed.', values };
  }
  const parent = input.parentId === undefined ? null : getReplyTarget(article.id, input.parentId);
  if (input.parentId !== undefined && !parent) {
    return {
      status: 'error',
      message: 'The comment you are replying to is no longer available. Your text is still here.',
      values: { ...values, parentId: '' },
    };
  }

  const verdict = decideStatus({
    settings,
    fields: [input.name, input.email, input.website ?? '', input.comment],
    body: input.comment,
    authorHasApprovedComment:
      settings.approvalPolicy === 'first_time' && hasApprovedCommentFrom(input.email),
  });
  const readerToken = await ensureReaderToken();
  const { id, comment } = createComment({
    articleId: article.id,
    parentId: parent?.id ?? null,
    authorName: input.name,
    authorEmail: input.email,
    authorUrl: input.website ?? null,
    body: input.comment,
    status: verdict.status,
    heldReason: verdict.heldReason,
    readerToken,
    ip: await getClientAddress(),
    userAgent: await getUserAgent(),
  });

  await setSavedDetails(
    input.save ? { name: input.name, email: input.email, website: input.website ?? '' } : null,
  );
  if (verdict.status !== 'approved') {
    await rememberHeldOn(article.slug);
  } else {
    revalidatePath(`/articles/${article.slug}`);
    revalidatePath('/');
  }

  // A browser without JavaScript posted a plain form: answer with a redirect, so that a reload
  // shows the page again instead of posting twice.
  if (!(await isScriptedRequest())) redirect(`/articles/${article.slug}#comment-${id}`);

  return {
    status: 'success',
    message: comment.pending
      ? 'Thank you. Your comment is held for review and will appear for everyone once a moderator approves it.'
      : 'Thank you. Your comment is published.',
    comment,
  };
}

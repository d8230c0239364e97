'use server';

import { revalidateArticle, revalidateArticles } from '@/app/_lib/revalidate';
import { redirect, unstable_rethrow } from 'next/navigation';
import { getArticleToCommentOn } from '@/db/queries/articles';
import { findCommentPlace, getReplyTarget, submitComment } from '@/db/queries/comments';
import { commentPagePath } from '@/lib/paths';
import { getDiscussionSettings, getSiteSettings } from '@/db/queries/settings';
import { getSurgeEffect } from '@/db/queries/surges';
import { slowModeMessage, surgeFloodLimits, surgeVerdict } from '@/lib/surge';
import { decideStatus } from '@/lib/comment-policy';
import { checkFormToken, issueFormToken } from '@/lib/form-token';
import { botReason, idempotencyKeyOf, websiteForMatching } from '@/lib/post-rules';
import { ensureReaderToken, getClientAddress, getReaderToken, getUserAgent, isScriptedRequest, rememberHeldOn, setSavedDetails } from '@/app/_lib/reader';
import { getStaff } from '@/app/_lib/session';
import { CommentInput, fieldErrorsOf, readCommentForm, ReportInput, type CommentField, type CommentFormState, type CommentFormValues, type ReportFormState } from '@/lib/schemas';
import { reportComment as recordReport } from '@/db/queries/reports';
import { type PublicComment } from '@/lib/comments';
import { floodNetwork } from '@/lib/ip-range';
import { errorMessage } from '@/lib/error-message';

/** What a reader reads when the database could not take their comment (full disk, a lock held too long, an I/O error). */
const couldNotSaveMessage = 'Your comment could not be saved just now. Please try again in a moment: your text is still here.';

export async function postComment(
  slug: string,
  _previous: CommentFormState,
  formData: FormData,
): Promise<CommentFormState> {
  const values = readCommentForm(formData);
  try {
    return await storeComment(slug, formData, values);
  } catch (error) {
    unstable_rethrow(error); // the redirect that answers a post without JavaScript
    // The error's own words: SQLite's and PostgreSQL's messages name the failure, not the values.
    console.error(`margin: a comment could not be saved: ${errorMessage(error)}`);
    return { status: 'error', message: couldNotSaveMessage, values };
  }
}

async function storeComment(slug: string, formData: FormData, values: CommentFormValues): Promise<CommentFormState> {
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
  const settings = await getDiscussionSettings();
  const article = typeof slug === 'string' ? await getArticleToCommentOn(slug, settings.closeAfterDays) : null;
  if (!article) return { status: 'error', message: 'This article no longer exists.', values };
  const now = Date.now();
  // A surge in force (lib/surge.ts) holds every comment, slows posting or has closed comments.
  const { effect: surge } = await getSurgeEffect(article.id, now);
  if (!article.commentsOpen || surge.closed) return { status: 'error', message: 'Comments are closed.', values };
  const parent = input.parentId === undefined ? null : await getReplyTarget(article.id, input.parentId);
  if (input.parentId !== undefined && !parent) {
    return {
      status: 'error',
      message: 'The comment you are replying to is no longer available. Your text is still here.',
      values: { ...values, parentId: '' },
    };
  }

  const scripted = await isScriptedRequest();
  const token = checkFormToken(formData.get('formToken'), article.id, now);
  if (!token.ok && token.reason === 'expired') {
    // A page left open for a day: a person, most likely. Ask once more, with a fresh token.
    return {
      status: 'error',
      message: 'This page was open for a long time. Press Post Comment again to send your comment.',
      values,
      formToken: issueFormToken(article.id, now),
    };
  }
  const idempotencyKey = token.ok
    ? idempotencyKeyOf({ nonce: token.nonce, articleId: article.id, email: input.email, body: input.comment })
    : null;
  const ip = await getClientAddress();
  const botSays = botReason({
    honeypot: formData.get('homepage'),
    token,
    minSecondsBeforePost: settings.minSecondsBeforePost,
    now,
  });
  const outcome = await submitComment(
    {
      articleId: article.id,
      parentId: parent?.id ?? null,
      authorName: input.name,
      authorEmail: input.email,
      authorUrl: input.website ?? null,
      body: input.comment,
      // Given with the form token when the form loaded (/api/form-token): set now only for a post
      // without JavaScript or one whose form could not fetch it.
      readerToken: await ensureReaderToken(),
      idempotencyKey,
      ip,
      userAgent: await getUserAgent(),
      notify: input.notify,
    },
    {
      flood: (await getStaff()) ? null : surgeFloodLimits(settings, surge),
      decide: async ({ banReason, authorHasApprovedComment }) => {
        const spamReason = botSays ?? (await banReason());
        if (spamReason) return { status: 'spam', heldReason: spamReason };
        const verdict = decideStatus({
          settings,
          fields: [input.name, input.email, input.website ?? '', websiteForMatching(input.website), input.comment],
          body: input.comment,
          authorHasApprovedComment: settings.approvalPolicy === 'first_time' && (await authorHasApprovedComment()),
        });
        return surgeVerdict(verdict, surge);
      },
    },
  );
  if (outcome.result === 'flooding') {
    if (surge.slow && surge.slow.seconds > settings.floodSeconds) {
      return { status: 'error', message: slowModeMessage(surge, now, (await getSiteSettings()).timeZone), values };
    }
    return { status: 'error', message: 'You are posting comments too quickly. Slow down.', values };
  }
  if (outcome.result === 'queue-full') {
    return {
      status: 'error',
      message: 'So many comments are waiting for review that new ones are paused for a minute. Please try again shortly: your text is still here.',
      values,
    };
  }
  if (outcome.result === 'duplicate') {
    return {
      status: 'error',
      message: "Duplicate comment detected; it looks as though you've already said that!",
      values,
    };
  }
  if (outcome.result === 'sent-before') return posted(article.slug, outcome.comment, input.notify, scripted, settings);
  const { comment } = outcome;

  // With JavaScript the action sets no cookie and calls no revalidatePath: either would make Next
  // answer with the whole page rendered again. The page's script keeps the saved details and the
  // held-list itself (comment-form.tsx, discussion.tsx) and shows the comment where it belongs.
  if (outcome.status === 'approved') await revalidateArticles([article.slug], { frontPage: true, keepAnswer: scripted });
  if (!scripted) {
    await setSavedDetails(input.save ? { name: input.name, email: input.email, website: input.website ?? '' } : null);
    // Held or not, this browser now has words of its own here (held ones to see, and Edit and
    // Delete for a while): without JavaScript the personal page shows them.
    await rememberHeldOn(article.slug, { plainForm: true });
  }
  return posted(article.slug, comment, input.notify, scripted, settings);
}

/** The same words whether or not the address is known or confirmed: the form reveals nothing about an address. */
const notifyNote = ' If this address has not confirmed email notifications yet, a confirmation link is on its way; nothing else is sent until it is used.';

async function posted(
  slug: string,
  comment: PublicComment,
  notify: boolean,
  scripted: boolean,
  settings: { commentsPerPage: number },
): Promise<CommentFormState> {
  // A browser without JavaScript posted a plain form: answer with a redirect, so that a reload
  // shows the page again instead of posting twice.
  // A published comment may be on any page; a held one shows, to its author alone, on the
  // article's own address.
  if (!scripted) {
    const place = comment.pending ? null : await findCommentPlace(comment.id, settings);
    redirect(`${commentPagePath(slug, place?.page ?? 1)}#comment-${comment.id}`);
  }
  return {
    status: 'success',
    message: (comment.pending
      ? 'Thank you. Your comment is held for review and will appear for everyone once a moderator approves it.'
      : 'Thank you. Your comment is published.') + (notify ? notifyNote : ''),
    comment,
  };
}

const reportMessages = {
  reported: 'Thank you. A moderator will look at this comment.',
  'already-reported': 'You have reported this comment already. Thank you.',
  'too-many': 'You have sent many reports in the last hour. Please try again later.',
  'unknown-comment': 'This comment is no longer on the page.',
} as const;

export async function reportComment(
  slug: string,
  _previous: ReportFormState,
  formData: FormData,
): Promise<ReportFormState> {
  const parsed = ReportInput.safeParse({
    commentId: formData.get('commentId'),
    reason: formData.get('reason') ?? undefined,
    note: formData.get('note') ?? '',
  });
  if (!parsed.success) return { status: 'error', message: parsed.error.issues[0]?.message ?? 'Choose a reason.' };
  if (typeof slug !== 'string') return { status: 'error', message: reportMessages['unknown-comment'] };
  const outcome = await recordReport({
    commentId: parsed.data.commentId,
    articleSlug: slug,
    clientKey: `net:${floodNetwork(await getClientAddress())}`,
    readerToken: await getReaderToken(),
    reason: parsed.data.reason,
    note: parsed.data.note || null,
    threshold: (await getDiscussionSettings()).reportThreshold,
  });
  if (outcome.result === 'reported' && outcome.hiddenNow) await revalidateArticle(slug);
  return { status: outcome.result === 'reported' || outcome.result === 'already-reported' ? 'done' : 'error', message: reportMessages[outcome.result] };
}

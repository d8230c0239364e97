'use client';

import { createContext, useActionState, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { heldCookieMaxAge, heldCookieName, heldSlugsInCookies, withHeldSlug } from '@/lib/cookies';
import { setBrowserCookie } from './browser-cookies';

import { initialCommentFormState, type CommentFormState, type ReportFormState } from '@/lib/schemas';
import { type PublicComment, type ReplyTarget } from '@/lib/comments';
import type { OwnComment } from '@/lib/own-words';

type CommentAction = (state: CommentFormState, formData: FormData) => Promise<CommentFormState>;
type ReportAction = (state: ReportFormState, formData: FormData) => Promise<ReportFormState>;

type DiscussionValue = {
  slug: string;
  articleId: number;
  /** Signed when the form was shown; the page's own copy is shared, so the form asks for its own. */
  formToken: string;
  commentsOpen: boolean;
  state: CommentFormState;
  formAction: (formData: FormData) => void;
  pending: boolean;
  replyTo: ReplyTarget | null;
  startReply: (target: ReplyTarget) => void;
  cancelReply: () => void;
  /**
   * This reader's comments the shared page does not show: their held ones, and those just posted
   * with JavaScript (the action answers with the comment, not with the page rendered again).
   */
  ownNewComments: PublicComment[];
  /** The comments this browser wrote and may still edit or delete: Edit and Delete show on these alone. */
  ownComments: OwnComment[];
  /** The comment whose report form the personal page opens (Report without JavaScript). */
  initialReportId: number | null;
  /** Bound to this article on the server; the comment id travels in the form. */
  reportAction: ReportAction;
  /** The site's time zone, for the times on the reader's own held comments. */
  timeZone: string;
};

const DiscussionContext = createContext<DiscussionValue | null>(null);

export function useDiscussion(): DiscussionValue {
  const value = useContext(DiscussionContext);
  if (!value) throw new Error('useDiscussion needs a <Discussion> around it.');
  return value;
}

/**
 * Holds what is personal to this reader on an otherwise shared page: the reply target, the form's
 * state and their own held comments (from the server on the personal page, or just posted).
 */
export function Discussion({
  slug,
  articleId,
  formToken,
  commentsOpen,
  action,
  reportAction,
  initialHeld,
  initialOwn = [],
  initialReplyTo,
  initialReportId = null,
  timeZone,
  children,
}: {
  slug: string;
  articleId: number;
  formToken: string;
  commentsOpen: boolean;
  action: CommentAction;
  reportAction: ReportAction;
  initialHeld: PublicComment[];
  initialOwn?: OwnComment[];
  initialReplyTo: ReplyTarget | null;
  initialReportId?: number | null;
  timeZone: string;
  children: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, initialCommentFormState);
  const [replyTo, setReplyTo] = useState(initialReplyTo);
  const [posted, setPosted] = useState<PublicComment[]>([]);
  const [fetched, setFetched] = useState<PublicComment[]>([]);
  const [fetchedOwn, setFetchedOwn] = useState<OwnComment[] | null>(null);
  const postedId = state.comment?.id;

  // After a post with JavaScript the server set no cookie: this browser now has words of its own
  // here (held ones to see, Edit and Delete for a while), so its held-list names this article.
  // Before the request below, which the held-list allows.
  useEffect(() => {
    if (state.status !== 'success') return;
    setBrowserCookie(heldCookieName, withHeldSlug(heldSlugsInCookies(document.cookie).join('.'), slug), heldCookieMaxAge);
  }, [state, slug]);

  // The shared page knows nothing of this reader: when their cookie says they have held comments
  // here, ask for them.
  useEffect(() => {
    if (!heldSlugsInCookies(document.cookie).includes(slug)) return;
    let cancelled = false;
    fetch(`/api/held?article=${articleId}`, { cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<{ comments: PublicComment[]; own: OwnComment[] }>) : null))
      .then((body) => {
        if (!cancelled && body) {
          setFetched(body.comments);
          setFetchedOwn(body.own);
        }
      })
      .catch(() => {
        // Offline: the comments are safe on the server and show on the next visit.
      });
    return () => {
      cancelled = true;
    };
    // Asked again after a post, so that the comment just written offers Edit and Delete too.
  }, [slug, articleId, postedId]);
  const [lastState, setLastState] = useState(state);

  if (state !== lastState) {
    setLastState(state);
    if (state.status === 'success') {
      setReplyTo(null);
      if (state.comment) setPosted((list) => [...list, state.comment!]);
    }
  }

  const ownNewComments = useMemo(() => {
    const byId = new Map<number, PublicComment>();
    for (const comment of [...initialHeld, ...fetched, ...posted]) byId.set(comment.id, comment);
    if (state.comment) byId.set(state.comment.id, state.comment);
    return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
  }, [initialHeld, fetched, posted, state.comment]);

  function startReply(target: ReplyTarget) {
    setReplyTo(target);
    requestAnimationFrame(() => {
      const field = document.getElementById('comment');
      field?.scrollIntoView({ block: 'center' });
      field?.focus();
    });
  }
  const cancelReply = () => setReplyTo(null);

  // Discussion renders again only when one of these changes, so the value is built afresh.
  const value: DiscussionValue = {
    slug,
    articleId,
    formToken,
    commentsOpen,
    state,
    formAction,
    pending,
    replyTo,
    startReply,
    cancelReply,
    ownNewComments,
    ownComments: fetchedOwn ?? initialOwn,
    initialReportId,
    reportAction,
    timeZone,
  };
  return <DiscussionContext value={value}>{children}</DiscussionContext>;
}

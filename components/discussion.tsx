'use client';

import { createContext, useActionState, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { PublicComment, ReplyTarget } from '@/db/queries/comments';
import { initialCommentFormState, type CommentFormState } from '@/app/_lib/schemas';

type CommentAction = (state: CommentFormState, formData: FormData) => Promise<CommentFormState>;

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
  heldComments: PublicComment[];
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
  initialHeld,
  initialReplyTo,
  children,
}: {
  slug: string;
  articleId: number;
  formToken: string;
  commentsOpen: boolean;
  action: CommentAction;
  initialHeld: PublicComment[];
  initialReplyTo: ReplyTarget | null;
  children: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, initialCommentFormState);
  const [replyTo, setReplyTo] = useState(initialReplyTo);
  const [posted, setPosted] = useState<PublicComment[]>([]);
  const [lastState, setLastState] = useState(state);

  if (state !== lastState) {
    setLastState(state);
    if (state.status === 'success') {
      setReplyTo(null);
      if (state.comment?.pending) setPosted((list) => [...list, state.comment!]);
    }
  }

  const heldComments = useMemo(() => {
    const byId = new Map<number, PublicComment>();
    for (const comment of [...initialHeld, ...posted]) byId.set(comment.id, comment);
    if (state.comment?.pending) byId.set(state.comment.id, state.comment);
    return [...byId.values()];
  }, [initialHeld, posted, state.comment]);

  const startReply = useCallback((target: ReplyTarget) => {
    setReplyTo(target);
    requestAnimationFrame(() => {
      const field = document.getElementById('comment');
      field?.scrollIntoView({ block: 'center' });
      field?.focus();
    });
  }, []);
  const cancelReply = useCallback(() => setReplyTo(null), []);

  const value = useMemo(
    () => ({
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
      heldComments,
    }),
    [slug, articleId, formToken, commentsOpen, state, formAction, pending, replyTo, startReply, cancelReply, heldComments],
  );
  return <DiscussionContext value={value}>{children}</DiscussionContext>;
}

'use client';

import { useDiscussion } from './discussion';

/** Without JavaScript it asks the server for the form set to reply; with it, it sets the form in place. */
export function ReplyButton({ commentId, authorName }: { commentId: number; authorName: string }) {
  const { slug, startReply, commentsOpen } = useDiscussion();
  if (!commentsOpen) return null;
  return (
    <form
      method="get"
      action={`/articles/${slug}/respond#respond`}
      className="reply-form"
      onSubmit={(event) => {
        event.preventDefault();
        startReply({ id: commentId, authorName });
      }}
    >
      <input type="hidden" name="replytocom" value={commentId} />
      <button type="submit" className="button-link">
        Reply
      </button>
    </form>
  );
}

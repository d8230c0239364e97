'use client';

import { useActionState, useState } from 'react';
import type { CommentStatus } from '@/db/queries/moderation';
import { moderateComment, postStaffReply, saveCommentEdit } from '@/app/admin/actions';
import type { RowState } from '@/app/_lib/schemas';

const idle: RowState = { status: 'idle' };

const buttonsFor: Record<CommentStatus, [intent: string, label: string][]> = {
  pending: [
    ['approve', 'Approve'],
    ['spam', 'Spam'],
    ['trash', 'Trash'],
  ],
  approved: [
    ['unapprove', 'Unapprove'],
    ['spam', 'Spam'],
    ['trash', 'Trash'],
  ],
  spam: [
    ['notspam', 'Not spam'],
    ['trash', 'Trash'],
  ],
  trash: [
    ['restore', 'Restore'],
    ['delete', 'Delete permanently'],
  ],
};

export function RowActions({
  commentId,
  status,
  authorName,
  body,
  website,
}: {
  commentId: number;
  status: CommentStatus;
  authorName: string;
  body: string;
  website: string;
}) {
  const [state, action, pending] = useActionState(moderateComment.bind(null, commentId, status), idle);
  const [editState, editAction, editing] = useActionState(saveCommentEdit.bind(null, commentId), idle);
  const [replyState, replyAction, replying] = useActionState(postStaffReply.bind(null, commentId), idle);
  const [openPanel, setOpenPanel] = useState<'edit' | 'reply' | null>(null);
  const message = [state, editState, replyState].find((s) => s.message)?.message;

  return (
    <div className="row-actions">
      <form action={action} className="row-buttons" aria-busy={pending}>
        {state.status === 'confirm-delete' ? (
          <>
            <span>Delete this comment for good? This cannot be undone.</span>
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" name="intent" value="delete" className="danger">
              Delete permanently
            </button>
          </>
        ) : (
          buttonsFor[status].map(([intent, label]) => (
            <button key={intent} type="submit" name="intent" value={intent} disabled={pending} data-intent={intent}>
              {label}
            </button>
          ))
        )}
        {status !== 'trash' && (
          <>
            <button type="button" aria-expanded={openPanel === 'edit'} onClick={() => setOpenPanel(openPanel === 'edit' ? null : 'edit')}>
              Edit
            </button>
            <button
              type="button"
              data-intent="reply"
              aria-expanded={openPanel === 'reply'}
              onClick={() => setOpenPanel(openPanel === 'reply' ? null : 'reply')}
            >
              Reply
            </button>
          </>
        )}
      </form>
      {openPanel === 'edit' && (
        <form action={editAction} className="row-panel" aria-label={`Edit the comment by ${authorName}`}>
          <label htmlFor={`edit-${commentId}-comment`}>Text</label>
          <textarea id={`edit-${commentId}-comment`} name="comment" defaultValue={body} rows={5} required />
          <label htmlFor={`edit-${commentId}-name`}>Name</label>
          <input id={`edit-${commentId}-name`} name="name" defaultValue={authorName} required />
          <label htmlFor={`edit-${commentId}-website`}>Website</label>
          <input id={`edit-${commentId}-website`} name="website" defaultValue={website} />
          <button type="submit" disabled={editing}>
            Save changes
          </button>
        </form>
      )}
      {openPanel === 'reply' && (
        <form action={replyAction} className="row-panel" aria-label={`Reply to ${authorName}`}>
          <label htmlFor={`reply-${commentId}`}>Your reply (published at once, marked Staff)</label>
          <textarea id={`reply-${commentId}`} name="comment" rows={4} required autoFocus />
          <button type="submit" disabled={replying}>
            Publish reply
          </button>
        </form>
      )}
      <p role="status" className={message ? 'row-message' : 'row-message empty'}>
        {message}
      </p>
    </div>
  );
}

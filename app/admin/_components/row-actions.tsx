'use client';

import { useActionState, useState } from 'react';

import { banAuthor, moderateComment, postStaffReply, saveCommentEdit } from '@/app/admin/actions';
import type { RowState } from '@/lib/schemas';
import type { CommentStatus } from '@/lib/comments';
import { allowsPanels, intentLabel, intentsFor, panelLabel, rowPanels, type RowPanel } from '@/lib/moderation';

const idle: RowState = { status: 'idle' };

// Each form names its comment in a hidden field; the actions are not bound (see app/admin/actions.ts).
// Edit, Reply and Ban open their panel in place; without JavaScript they ask the server for the
// queue with that panel open (?open=edit&comment=ID), keeping the moderator's view.
export function RowActions({
  view,
  initialPanel,
  commentId,
  status,
  authorName,
  body,
  website,
  email,
  ip,
  flagged,
}: {
  /** The queue's current tab, filter and page, as query parameters. */
  view: [string, string][];
  initialPanel: RowPanel | null;
  commentId: number;
  status: CommentStatus;
  authorName: string;
  body: string;
  website: string;
  email: string;
  ip: string | null;
  flagged: boolean;
}) {
  const [state, action, pending] = useActionState(moderateComment, idle);
  const [editState, editAction, editing] = useActionState(saveCommentEdit, idle);
  const [replyState, replyAction, replying] = useActionState(postStaffReply, idle);
  const thisComment = <input type="hidden" name="commentId" value={commentId} />;
  const [banState, banAction, banning] = useActionState(banAuthor, idle);
  const [openPanel, setOpenPanel] = useState<RowPanel | null>(initialPanel);
  const message = [state, editState, replyState, banState].find((s) => s.message)?.message;

  return (
    <div className="row-actions">
      <div className="row-controls">
        <form action={action} className="row-buttons" aria-busy={pending}>
          {thisComment}
          <input type="hidden" name="seenStatus" value={status} />
          {state.status === 'confirm-delete' ? (
            <>
              <span>Delete this comment for good? This cannot be undone.</span>
              <input type="hidden" name="confirm" value="yes" />
              <button type="submit" name="intent" value="delete" className="danger">
                {intentLabel('delete')}
              </button>
            </>
          ) : (
            <>
              {intentsFor({ status, flagged }).map((intent) => (
                <button key={intent} type="submit" name="intent" value={intent} disabled={pending} data-intent={intent}>
                  {intentLabel(intent)}
                </button>
              ))}
            </>
          )}
        </form>
        {allowsPanels(status) && (
          <form method="get" action={`/admin#row-${commentId}-author`} className="row-panel-buttons">
            {view.map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <input type="hidden" name="comment" value={commentId} />
            {rowPanels.map((panel) => (
              <button
                key={panel}
                type="submit"
                name="open"
                value={panel}
                aria-expanded={openPanel === panel}
                data-intent={panel === 'reply' ? 'reply' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  setOpenPanel(openPanel === panel ? null : panel);
                }}
              >
                {panelLabel(panel)}
              </button>
            ))}
          </form>
        )}
      </div>
      {openPanel === 'edit' && (
        <form action={editAction} className="row-panel" aria-label={`Edit the comment by ${authorName}`}>
          {thisComment}
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
          {thisComment}
          <label htmlFor={`reply-${commentId}`}>Your reply (published at once, marked Staff)</label>
          <textarea id={`reply-${commentId}`} name="comment" rows={4} required autoFocus />
          <button type="submit" disabled={replying}>
            Publish reply
          </button>
        </form>
      )}
      {openPanel === 'ban' && (
        <form action={banAction} className="row-panel" aria-label={`Ban ${authorName}`}>
          <fieldset>
            <legend>Ban</legend>
            <label className="radio">
              <input type="radio" name="target" value={`email:${email}`} defaultChecked /> the email {email}
            </label>
            {ip && (
              <label className="radio">
                <input type="radio" name="target" value={`ip:${ip}`} /> the address {ip}
              </label>
            )}
          </fieldset>
          <label htmlFor={`ban-${commentId}-range`}>Range (bits, for an address; empty: this address only)</label>
          <input id={`ban-${commentId}-range`} name="prefixBits" type="number" min={8} max={128} />
          <label htmlFor={`ban-${commentId}-days`}>For</label>
          <select id={`ban-${commentId}-days`} name="days" defaultValue="30">
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="365">1 year</option>
            <option value="never">Until lifted</option>
          </select>
          <label htmlFor={`ban-${commentId}-note`}>Note</label>
          <input id={`ban-${commentId}-note`} name="note" />
          <button type="submit" disabled={banning}>
            Ban
          </button>
        </form>
      )}
      <p role="status" className={message ? 'row-message' : 'row-message empty'}>
        {message}
      </p>
    </div>
  );
}

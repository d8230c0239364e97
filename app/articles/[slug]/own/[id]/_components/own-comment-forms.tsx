'use client';

import { useActionState } from 'react';
import { commentLimits, type OwnEditFormState } from '@/lib/schemas';
import { deleteOwnWords, saveOwnEdit } from '../actions';

const idle: OwnEditFormState = { status: 'idle' };

/** The edit form and, when asked for, the delete button: plain forms, so they work without JavaScript too. */
export function OwnCommentForms({ slug, commentId, body, deleting }: { slug: string; commentId: number; body: string; deleting: boolean }) {
  const [state, editAction, saving] = useActionState(saveOwnEdit.bind(null, slug, commentId), idle);
  const [deleteState, deleteAction, removing] = useActionState(deleteOwnWords.bind(null, slug, commentId), idle);
  const error = state.fieldErrors?.comment?.[0];
  return (
    <>
      <form action={editAction} className="comment-form" noValidate>
        <p>
          <label htmlFor="comment">Your comment</label>
          <textarea
            id="comment"
            name="comment"
            rows={8}
            maxLength={commentLimits.comment}
            defaultValue={state.values?.comment ?? body}
            key={state.values?.comment ?? body}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'comment-error' : undefined}
          />
        </p>
        {error && (
          <p className="field-error" id="comment-error">
            {error}
          </p>
        )}
        {state.message && (
          <p className="form-status" role="status">
            {state.message}
          </p>
        )}
        <p className="form-submit">
          <button type="submit" disabled={saving}>
            Save changes
          </button>
        </p>
      </form>
      <form action={deleteAction}>
        <input type="hidden" name="confirm" value="yes" />
        {deleting && <p>Delete this comment? It leaves the page and cannot be brought back.</p>}
        {deleteState.message && (
          <p className="form-status" role="status">
            {deleteState.message}
          </p>
        )}
        <p>
          <button type="submit" disabled={removing}>
            Delete this comment
          </button>
        </p>
      </form>
    </>
  );
}

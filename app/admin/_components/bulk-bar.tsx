'use client';

import { useActionState } from 'react';

import type { RowState } from '@/lib/schemas';
import { type CommentStatus } from '@/lib/comments';

export function BulkBar({
  status,
  moderate,
}: {
  status: CommentStatus;
  /** Bound to the tab's status by the page (a server component). */
  moderate: (state: RowState, formData: FormData) => Promise<RowState>;
}) {
  const [state, action, pending] = useActionState(moderate, { status: 'idle' } as RowState);
  return (
    <form id="bulk-form" action={action} className="bulk-bar" aria-label="Selected comments">
      <label className="select-all">
        <input
          type="checkbox"
          onChange={(event) => {
            for (const box of document.querySelectorAll<HTMLInputElement>('input[form="bulk-form"][name="ids"]')) {
              box.checked = event.currentTarget.checked;
            }
          }}
        />
        Select all on this page
      </label>
      <span>With selected:</span>
      {status !== 'approved' && (
        <button type="submit" name="intent" value="approve" disabled={pending}>
          Approve selected
        </button>
      )}
      {status !== 'spam' && (
        <button type="submit" name="intent" value="spam" disabled={pending}>
          Spam selected
        </button>
      )}
      <button type="submit" name="intent" value="trash" disabled={pending}>
        Trash selected
      </button>
      <span role="status">{state.message}</span>
    </form>
  );
}

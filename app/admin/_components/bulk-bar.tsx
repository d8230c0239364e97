'use client';

import { useActionState } from 'react';

import type { RowState } from '@/lib/schemas';
import { bulkIntentsFor, bulkLabel, type QueueTab } from '@/lib/moderation';

/** Offers on each tab only the steps that can succeed for every comment the tab lists. */
export function BulkBar({
  tab,
  moderate,
}: {
  tab: QueueTab;
  /** Bound to the tab by the page (a server component). */
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
      {bulkIntentsFor(tab).map((intent) => (
        <button key={intent} type="submit" name="intent" value={intent} disabled={pending}>
          {bulkLabel(intent)}
        </button>
      ))}
      <span role="status">{state.message}</span>
    </form>
  );
}

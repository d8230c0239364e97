'use client';

import { useActionState, useState } from 'react';
import type { ReportFormState } from '@/lib/schemas';
import { useDiscussion } from './discussion';

const reasons = [
  ['spam', 'Spam'],
  ['abuse', 'Abuse'],
  ['off-topic', 'Off-topic'],
  ['other', 'Other'],
] as const;

/** Without JavaScript, Report asks the server for the page with this comment's report form open. */
export function ReportControl({ commentId, authorName }: { commentId: number; authorName: string }) {
  const { slug, initialReportId, reportAction } = useDiscussion();
  const [open, setOpen] = useState(initialReportId === commentId);
  const [state, action, pending] = useActionState(reportAction, { status: 'idle' } as ReportFormState);

  if (state.status === 'done') {
    return (
      <p className="report-done" role="status">
        {state.message}
      </p>
    );
  }
  if (!open) {
    return (
      <form
        method="get"
        action={`/articles/${slug}/respond#comment-${commentId}`}
        className="reply-form"
        onSubmit={(event) => {
          event.preventDefault();
          setOpen(true);
        }}
      >
        <input type="hidden" name="report" value={commentId} />
        <button type="submit" className="button-link quiet">
          Report
        </button>
      </form>
    );
  }
  return (
    <form action={action} className="report-panel" aria-label={`Report the comment by ${authorName}`}>
      <input type="hidden" name="commentId" value={commentId} />
      <fieldset>
        <legend>Why are you reporting this comment?</legend>
        {reasons.map(([value, label]) => (
          <label key={value} className="radio">
            <input type="radio" name="reason" value={value} required /> {label}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`report-${commentId}-note`}>Note for the moderators (optional)</label>
      <textarea id={`report-${commentId}-note`} name="note" rows={2} maxLength={500} />
      {state.status === 'error' && (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      )}
      <p className="report-buttons">
        <button type="submit" disabled={pending}>
          Send report
        </button>{' '}
        <button type="button" className="button-link" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </p>
    </form>
  );
}

'use client';

import { useActionState } from 'react';
import type { ReaderDataChangeFormState } from '@/lib/schemas';

type ChangeAction = (previous: ReaderDataChangeFormState, formData: FormData) => Promise<ReaderDataChangeFormState>;

const idle: ReaderDataChangeFormState = { status: 'idle' };

/** One comment's buttons: plain forms, so they work without JavaScript too. */
export function CommentChangeForm({ action, token, commentId }: { action: ChangeAction; token: string; commentId: number }) {
  const [state, formAction, pending] = useActionState(action, idle);
  return (
    <form action={formAction} className="reader-data-row-form">
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="commentId" value={commentId} />
      <button type="submit" name="change" value="delete" disabled={pending}>
        Delete
      </button>{' '}
      <button type="submit" name="change" value="anonymise" disabled={pending}>
        Anonymise
      </button>{' '}
      <button type="submit" name="change" value="anonymise-remove-text" disabled={pending}>
        Anonymise and remove the text
      </button>
      {state.message && (
        <p className="form-status" role="status">
          {state.message}
        </p>
      )}
    </form>
  );
}

/** Every comment at once: what to do, and a box that confirms it. */
export function AllCommentsChangeForm({ action, token, count }: { action: ChangeAction; token: string; count: number }) {
  const [state, formAction, pending] = useActionState(action, idle);
  const changeError = state.fieldErrors?.change?.[0];
  const confirmError = state.fieldErrors?.confirm?.[0];
  return (
    <form action={formAction} className="reader-data-all-form">
      <input type="hidden" name="token" value={token} />
      <fieldset aria-describedby={changeError ? 'change-error' : undefined}>
        <legend>All {count} comments</legend>
        <p>
          <label>
            <input type="radio" name="change" value="delete" required /> Delete them
          </label>
        </p>
        <p>
          <label>
            <input type="radio" name="change" value="anonymise" /> Anonymise them: the name becomes “Anonymous”, the email
            address, website, IP address and browser are removed; the text stays
          </label>
        </p>
        <p>
          <label>
            <input type="radio" name="change" value="anonymise-remove-text" /> Anonymise them and remove their text
          </label>
        </p>
        {changeError && (
          <p className="field-error" id="change-error">
            {changeError}
          </p>
        )}
      </fieldset>
      <p>
        <label>
          <input
            type="checkbox"
            name="confirm"
            value="yes"
            required
            aria-invalid={confirmError ? true : undefined}
            aria-describedby={confirmError ? 'confirm-error' : undefined}
          />{' '}
          I understand that this applies to every comment above and cannot be undone
        </label>
      </p>
      {confirmError && (
        <p className="field-error" id="confirm-error">
          {confirmError}
        </p>
      )}
      {state.message && (
        <p className="form-status" role="status">
          {state.message}
        </p>
      )}
      <p className="form-submit">
        <button type="submit" disabled={pending}>
          Apply to all {count} comments
        </button>
      </p>
    </form>
  );
}

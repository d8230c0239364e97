'use client';

import { useActionState, useState } from 'react';
import { commentLimits, fieldErrorsOf, ReaderDataRequestInput, type ReaderDataRequestFormState } from '@/lib/schemas';

const idle: ReaderDataRequestFormState = { status: 'idle' };

/** One address: the reader's request form and the admins' look-up share it (and its schema). */
export function ReaderDataRequestForm({
  action,
  label,
  submitLabel,
}: {
  action: (previous: ReaderDataRequestFormState, formData: FormData) => Promise<ReaderDataRequestFormState>;
  label: string;
  submitLabel: string;
}) {
  const [state, formAction, pending] = useActionState(action, idle);
  const [lastState, setLastState] = useState(state);
  const [clientError, setClientError] = useState<string | undefined>();
  if (state !== lastState) {
    setLastState(state);
    setClientError(undefined);
  }
  const error = clientError ?? state.fieldErrors?.email?.[0];
  return (
    <form
      action={formAction}
      className="login-form"
      noValidate
      onSubmit={(event) => {
        const result = ReaderDataRequestInput.safeParse({ email: new FormData(event.currentTarget).get('email') });
        if (result.success) return setClientError(undefined);
        event.preventDefault();
        setClientError(fieldErrorsOf<'email'>(result.error).email?.[0]);
      }}
    >
      <div className="field">
        <label htmlFor="reader-data-email">{label}</label>
        <input
          id="reader-data-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={commentLimits.email}
          defaultValue={state.email}
          key={state.email}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'reader-data-email-error' : undefined}
        />
        {error && (
          <p className="field-error" id="reader-data-email-error">
            {error}
          </p>
        )}
      </div>
      {state.message && (
        <p className="form-status" role="status">
          {state.message}
        </p>
      )}
      <p className="form-submit">
        <button type="submit" disabled={pending}>
          {submitLabel}
        </button>
      </p>
    </form>
  );
}

'use client';

import { useActionState } from 'react';
import type { AccountFormState } from '@/lib/schemas';

export function PasswordReset({
  email,
  reset,
}: {
  email: string;
  /** Bound to the account by the page (a server component). */
  reset: (state: AccountFormState, formData: FormData) => Promise<AccountFormState>;
}) {
  const [state, action, pending] = useActionState(reset, { status: 'idle' } as AccountFormState);
  return (
    <form action={action} className="password-reset">
      <label htmlFor={`reset-${email}`}>New password for {email}</label>
      <input id={`reset-${email}`} name="password" type="password" autoComplete="new-password" required minLength={10} />
      <button type="submit" disabled={pending}>
        Reset password
      </button>
      <span role="status">{state.message}</span>
    </form>
  );
}

'use client';

import { useActionState } from 'react';
import { resetAccountPassword } from '@/app/admin/moderators/actions';
import type { AccountFormState } from '@/app/_lib/schemas';

export function PasswordReset({ email }: { email: string }) {
  const [state, action, pending] = useActionState(resetAccountPassword.bind(null, email), { status: 'idle' } as AccountFormState);
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

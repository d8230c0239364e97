'use client';

import { useActionState } from 'react';
import { logIn } from '@/app/login/actions';
import type { LoginFormState } from '@/lib/schemas';

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState(logIn, { status: 'idle' } as LoginFormState);
  return (
    <form action={action} className="login-form">
      {state.message && (
        <p className="error-summary" role="alert">
          {state.message}
        </p>
      )}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div className="field">
        <label htmlFor="login-email">Email</label>
        <input id="login-email" name="email" type="email" autoComplete="username" required defaultValue={state.email} />
      </div>
      <div className="field">
        <label htmlFor="login-password">Password</label>
        <input id="login-password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <p className="form-submit">
        <button type="submit" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </p>
    </form>
  );
}

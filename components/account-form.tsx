'use client';

import { useActionState } from 'react';
import type { AccountFormState } from '@/lib/schemas';
import { roleLabels, userRoles } from '@/lib/accounts';

type Field = 'name' | 'email' | 'password';
const labels: Record<Field, string> = { name: 'Name', email: 'Email', password: 'Password' };
const types: Record<Field, string> = { name: 'text', email: 'email', password: 'password' };

export function AccountForm({
  action,
  submitLabel,
  chooseRole = false,
}: {
  action: (state: AccountFormState, formData: FormData) => Promise<AccountFormState>;
  submitLabel: string;
  chooseRole?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, { status: 'idle' } as AccountFormState);
  return (
    <form action={formAction} className="account-form">
      {(['name', 'email', 'password'] as const).map((field) => {
        const error = state.fieldErrors?.[field]?.[0];
        return (
          <div className="field" key={field}>
            <label htmlFor={`account-${field}`}>{labels[field]}</label>
            {error && (
              <p className="field-error" id={`account-${field}-error`}>
                {error}
              </p>
            )}
            <input
              id={`account-${field}`}
              name={field}
              type={types[field]}
              required
              autoComplete={field === 'password' ? 'new-password' : field}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `account-${field}-error` : undefined}
            />
          </div>
        );
      })}
      {chooseRole && (
        <div className="field">
          <label htmlFor="account-role">Role</label>
          <select id="account-role" name="role" defaultValue="moderator">
            {userRoles.map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="form-submit">
        <button type="submit" disabled={pending}>
          {submitLabel}
        </button>
      </p>
      <p role="status">{state.message}</p>
    </form>
  );
}

'use client';

import { useActionState } from 'react';
import { addSection } from '@/app/admin/sections/actions';
import type { SectionFormState } from '@/lib/article-schemas';

export function SectionForm() {
  const [state, action, pending] = useActionState(addSection, { status: 'idle' } as SectionFormState);
  const field = (name: 'name' | 'description', label: string, required: boolean) => {
    const error = state.fieldErrors?.[name]?.[0];
    return (
      <div className="field">
        <label htmlFor={`section-${name}`}>{label}</label>
        {error && (
          <p className="field-error" id={`section-${name}-error`}>
            {error}
          </p>
        )}
        <input
          id={`section-${name}`}
          name={name}
          type="text"
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `section-${name}-error` : undefined}
          defaultValue={state.values?.[name] ?? ''}
        />
      </div>
    );
  };
  return (
    <form action={action} className="account-form">
      {field('name', 'Name', true)}
      {field('description', 'Description', false)}
      <p className="form-submit">
        <button type="submit" disabled={pending}>
          Add section
        </button>
      </p>
      <p role="status">{state.message}</p>
    </form>
  );
}

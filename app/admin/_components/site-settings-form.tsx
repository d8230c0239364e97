'use client';

import { useActionState } from 'react';
import { saveSiteSettingsForm } from '@/app/admin/settings/actions';
import type { SiteSettingsFormState } from '@/lib/schemas';

export function SiteSettingsForm({ timeZone }: { timeZone: string }) {
  const [state, action, pending] = useActionState(saveSiteSettingsForm, { status: 'idle' } as SiteSettingsFormState);
  const error = state.fieldErrors?.timeZone?.[0];
  return (
    <form action={action} className="settings-form">
      <div className="field">
        <label htmlFor="timeZone">Time zone (an IANA name, such as Europe/London)</label>
        <p className="field-hint" id="timeZone-hint">
          The newsroom enters and shows publication times in this zone; they are stored in UTC.
        </p>
        {error && (
          <p className="field-error" id="timeZone-error">
            {error}
          </p>
        )}
        <input
          id="timeZone"
          name="timeZone"
          type="text"
          required
          defaultValue={state.timeZone ?? timeZone}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'timeZone-error timeZone-hint' : 'timeZone-hint'}
        />
      </div>
      <p className="form-submit">
        <button type="submit" disabled={pending}>
          Save time zone
        </button>
      </p>
      {/* A live region, not role=status: the discussion form below owns the page's status. */}
      <p aria-live="polite">{state.message}</p>
    </form>
  );
}

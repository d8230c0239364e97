'use client';

import { useActionState } from 'react';
import { saveSettings } from '@/app/admin/settings/actions';

import type { SettingsField, SettingsFormState } from '@/lib/schemas';
import { type DiscussionSettings } from '@/lib/settings';

type NumberField = { [Key in SettingsField]: DiscussionSettings[Key] extends number ? Key : never }[SettingsField];

export function SettingsForm({ settings }: { settings: DiscussionSettings }) {
  const [state, action, pending] = useActionState(saveSettings, { status: 'idle' } as SettingsFormState);
  const error = (field: SettingsField) =>
    state.fieldErrors?.[field]?.[0] ? (
      <p className="field-error" id={`${field}-error`}>
        {state.fieldErrors[field][0]}
      </p>
    ) : null;
  const described = (field: SettingsField) =>
    state.fieldErrors?.[field]?.[0] ? { 'aria-invalid': true, 'aria-describedby': `${field}-error` } : {};

  /** A whole number setting: its label, its error next to it, the stored value to start from. */
  const numberSetting = (name: NumberField, min: number, max: number, label: string) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {error(name)}
      <input id={name} name={name} type="number" min={min} max={max} defaultValue={settings[name]} {...described(name)} />
    </div>
  );

  return (
    <form action={action} className="settings-form">
      <fieldset className="field">
        <legend>Before a comment appears</legend>
        {(
          [
            ['all', 'A moderator must approve every comment'],
            ['first_time', 'A moderator must approve a first comment; later ones from the same email appear at once'],
            ['none', 'Comments appear at once (the rules below still hold some)'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="radio">
            <input type="radio" name="approvalPolicy" value={value} defaultChecked={settings.approvalPolicy === value} />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      {numberSetting('holdLinkCount', 0, 100, 'Hold a comment with more than this many links')}
      <div className="field">
        <label htmlFor="moderationWords">Moderation words (hold for review), one per line</label>
        {error('moderationWords')}
        <textarea id="moderationWords" name="moderationWords" rows={4} defaultValue={settings.moderationWords.join('\n')} />
      </div>
      <div className="field">
        <label htmlFor="disallowedWords">Disallowed words (send to spam), one per line</label>
        {error('disallowedWords')}
        <textarea id="disallowedWords" name="disallowedWords" rows={4} defaultValue={settings.disallowedWords.join('\n')} />
      </div>
      <div className="field">
        <label htmlFor="closeAfterDays">Close comments on articles older than this many days (empty: never)</label>
        {error('closeAfterDays')}
        <input id="closeAfterDays" name="closeAfterDays" type="number" min={1} defaultValue={settings.closeAfterDays ?? ''} {...described('closeAfterDays')} />
      </div>
      {numberSetting('threadDepth', 1, 10, 'Threading depth')}
      {numberSetting('commentsPerPage', 5, 500, 'Comments per page')}
      {numberSetting('minSecondsBeforePost', 0, 60, 'Treat a comment sent sooner than this many seconds after the form was shown as a bot’s (0: off)')}
      {numberSetting('floodSeconds', 0, 3600, 'At most one comment per this many seconds from one address or email (0: off)')}
      {numberSetting('hourlyLimit', 1, 1000000, 'At most this many comments an hour from one address or email')}
      {numberSetting('networkHourlyLimit', 1, 1000000, 'At most this many comments an hour from one network (an IPv4 /24 or an IPv6 /64), whatever its addresses and emails')}
      {numberSetting('pendingPerMinute', 0, 1000000, 'At most this many new comments held for review a minute, from all readers together (0: no ceiling)')}
      {numberSetting('reportThreshold', 1, 100, 'Take a comment off the page for review after reports from this many readers')}
      {numberSetting('keepClientDetailsDays', 1, 3650, 'Forget a comment’s IP address and browser this many days after it was written')}
      {numberSetting('purgeSpamTrashDays', 1, 3650, 'Delete spam and trash this many days after they were marked so')}
      {numberSetting('ownEditMinutes', 0, 1440, 'Let a reader edit or delete their own comment for this many minutes after posting, until someone replies (0: never)')}
      <p className="form-submit">
        <button type="submit" disabled={pending}>
          Save settings
        </button>
      </p>
      <p role="status">{state.message}</p>
    </form>
  );
}

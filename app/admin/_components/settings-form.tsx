'use client';

import { useActionState } from 'react';
import { saveSettings } from '@/app/admin/settings/actions';

import type { SettingsField, SettingsFormState } from '@/lib/schemas';
import { type DiscussionSettings } from '@/lib/settings';

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
      <div className="field">
        <label htmlFor="holdLinkCount">Hold a comment with more than this many links</label>
        {error('holdLinkCount')}
        <input id="holdLinkCount" name="holdLinkCount" type="number" min={0} max={100} defaultValue={settings.holdLinkCount} {...described('holdLinkCount')} />
      </div>
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
      <div className="field">
        <label htmlFor="threadDepth">Threading depth</label>
        {error('threadDepth')}
        <input id="threadDepth" name="threadDepth" type="number" min={1} max={10} defaultValue={settings.threadDepth} {...described('threadDepth')} />
      </div>
      <div className="field">
        <label htmlFor="commentsPerPage">Comments per page</label>
        {error('commentsPerPage')}
        <input id="commentsPerPage" name="commentsPerPage" type="number" min={5} max={500} defaultValue={settings.commentsPerPage} {...described('commentsPerPage')} />
      </div>
      <div className="field">
        <label htmlFor="minSecondsBeforePost">Treat a comment sent sooner than this many seconds after the form was shown as a bot’s (0: off)</label>
        {error('minSecondsBeforePost')}
        <input id="minSecondsBeforePost" name="minSecondsBeforePost" type="number" min={0} max={60} defaultValue={settings.minSecondsBeforePost} {...described('minSecondsBeforePost')} />
      </div>
      <div className="field">
        <label htmlFor="floodSeconds">At most one comment per this many seconds from one address or email (0: off)</label>
        {error('floodSeconds')}
        <input id="floodSeconds" name="floodSeconds" type="number" min={0} max={3600} defaultValue={settings.floodSeconds} {...described('floodSeconds')} />
      </div>
      <div className="field">
        <label htmlFor="hourlyLimit">At most this many comments an hour from one address or email</label>
        {error('hourlyLimit')}
        <input id="hourlyLimit" name="hourlyLimit" type="number" min={1} max={1000000} defaultValue={settings.hourlyLimit} {...described('hourlyLimit')} />
      </div>
      <div className="field">
        <label htmlFor="networkHourlyLimit">At most this many comments an hour from one network (an IPv4 /24 or an IPv6 /64), whatever its addresses and emails</label>
        {error('networkHourlyLimit')}
        <input id="networkHourlyLimit" name="networkHourlyLimit" type="number" min={1} max={1000000} defaultValue={settings.networkHourlyLimit} {...described('networkHourlyLimit')} />
      </div>
      <div className="field">
        <label htmlFor="pendingPerMinute">At most this many new comments held for review a minute, from all readers together (0: no ceiling)</label>
        {error('pendingPerMinute')}
        <input id="pendingPerMinute" name="pendingPerMinute" type="number" min={0} max={1000000} defaultValue={settings.pendingPerMinute} {...described('pendingPerMinute')} />
      </div>
      <div className="field">
        <label htmlFor="reportThreshold">Take a comment off the page for review after reports from this many readers</label>
        {error('reportThreshold')}
        <input id="reportThreshold" name="reportThreshold" type="number" min={1} max={100} defaultValue={settings.reportThreshold} {...described('reportThreshold')} />
      </div>
      <p className="form-submit">
        <button type="submit" disabled={pending}>
          Save settings
        </button>
      </p>
      <p role="status">{state.message}</p>
    </form>
  );
}

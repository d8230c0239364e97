'use client';

import { useActionState, useState } from 'react';
import { startSurge } from '@/app/admin/surge/actions';
import { fieldErrorsOf, type FieldErrors } from '@/lib/schemas';
import { surgeKindLabels, surgeKinds } from '@/lib/surge';
import { readSurgeForm, SurgeInput, surgeLimits, type SurgeField, type SurgeFormState } from '@/lib/surge-schemas';

type ArticleChoice = { id: number; headline: string };

const initial: SurgeFormState = { status: 'idle' };

/**
 * Starts a surge: on one article (`articleId`, the editor's page) or, where `articles` are offered
 * (the queue, /admin/surge), on the whole site or a chosen article. The schema checks in the
 * browser first, and the action checks again.
 */
export function SurgeForm({ articleId, articles, idPrefix = 'surge' }: { articleId?: number; articles?: ArticleChoice[]; idPrefix?: string }) {
  const [state, action, pending] = useActionState(startSurge, initial);
  const [errors, setErrors] = useState<FieldErrors<SurgeField>>({});
  const [lastState, setLastState] = useState(state);
  if (state !== lastState) {
    setLastState(state);
    setErrors(state.fieldErrors ?? {});
  }
  const values = state.status === 'error' ? (state.values ?? {}) : {};
  const id = (field: string) => `${idPrefix}-${field}`;
  const error = (field: SurgeField) => {
    const message = errors[field]?.[0];
    return message ? (
      <p className="field-error" id={id(`${field}-error`)}>
        {message}
      </p>
    ) : null;
  };
  const described = (field: SurgeField, hint?: string) => {
    const ids = [errors[field]?.[0] ? id(`${field}-error`) : null, hint ? id(hint) : null].filter(Boolean).join(' ');
    return { 'aria-invalid': errors[field]?.[0] ? true : undefined, 'aria-describedby': ids || undefined };
  };
  const number = (field: 'hours' | 'minutes' | 'seconds', label: string, hint: string) => (
    <div className="field">
      <label htmlFor={id(field)}>{label}</label>
      <p className="field-hint" id={id(`${field}-hint`)}>
        {hint}
      </p>
      {error(field)}
      <input
        id={id(field)}
        name={field}
        type="number"
        inputMode="numeric"
        min={surgeLimits[field].min}
        max={surgeLimits[field].max}
        defaultValue={values[field] ?? ''}
        {...described(field, `${field}-hint`)}
      />
    </div>
  );

  return (
    <form
      action={action}
      noValidate
      className="settings-form surge-form"
      onSubmit={(event) => {
        const parsed = SurgeInput.safeParse(readSurgeForm(new FormData(event.currentTarget)));
        if (!parsed.success) {
          event.preventDefault();
          setErrors(fieldErrorsOf<SurgeField>(parsed.error));
        }
      }}
    >
      <fieldset className="field" aria-describedby={errors.kind?.[0] ? id('kind-error') : undefined}>
        <legend>Surge</legend>
        {error('kind')}
        {surgeKinds.map((kind) => (
          <p key={kind}>
            <input type="radio" id={id(`kind-${kind}`)} name="kind" value={kind} defaultChecked={(values.kind ?? 'hold') === kind} />
            <label htmlFor={id(`kind-${kind}`)}>{surgeKindLabels[kind]}</label>
          </p>
        ))}
      </fieldset>
      {articleId !== undefined ? (
        <input type="hidden" name="articleId" value={articleId} />
      ) : (
        <div className="field">
          <label htmlFor={id('articleId')}>Where</label>
          {error('articleId')}
          <select id={id('articleId')} name="articleId" defaultValue={values.articleId ?? 'site'} {...described('articleId')}>
            <option value="site">The whole site</option>
            {(articles ?? []).map((article) => (
              <option key={article.id} value={article.id}>
                {article.headline}
              </option>
            ))}
          </select>
        </div>
      )}
      {number('hours', 'For how many hours', `Hold every comment, or slow mode: ${surgeLimits.hours.min} to ${surgeLimits.hours.max} hours.`)}
      {number('minutes', 'Close comments in how many minutes', `Close comments: readers see the closing time until then.`)}
      {number('seconds', 'Slow mode: seconds between two comments', `Per reader's address and email, ${surgeLimits.seconds.min} to ${surgeLimits.seconds.max} seconds.`)}
      <p className="form-submit">
        <button type="submit" disabled={pending}>
          Start surge
        </button>
      </p>
      <p aria-live="polite" className={state.status === 'error' ? 'field-error' : undefined}>
        {state.message}
      </p>
    </form>
  );
}

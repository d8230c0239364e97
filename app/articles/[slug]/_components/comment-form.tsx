'use client';

import { useEffect, useRef, useState } from 'react';
import { useHydrated } from '@/components/use-hydrated';
import {
  CommentInput,
  commentFields,
  fieldErrorsOf,
  readCommentForm,
  type CommentField,
  type FieldErrors,
} from '@/lib/schemas';
import { encodeSavedDetails, readSavedDetails, savedDetailsCookie, savedDetailsMaxAge, type SavedDetails } from '@/lib/saved-details';
import { deleteBrowserCookie, setBrowserCookie } from './browser-cookies';
import { useDiscussion } from './discussion';

const labels: Record<CommentField, string> = {
  comment: 'Comment',
  name: 'Name',
  email: 'Email',
  website: 'Website',
};

function validate(form: HTMLFormElement): FieldErrors<CommentField> {
  const result = CommentInput.safeParse(readCommentForm(new FormData(form)));
  return result.success ? {} : fieldErrorsOf<CommentField>(result.error);
}

function fillSavedDetails(form: HTMLFormElement) {
  const saved = readSavedDetails(document.cookie);
  if (!saved) return;
  const elements = form.elements as HTMLFormControlsCollection & Record<string, HTMLInputElement>;
  for (const key of ['name', 'email', 'website'] as const) {
    const input = elements[key];
    if (input && input.value === '') input.value = saved[key] ?? '';
  }
  if (elements.save) elements.save.checked = true;
}

/** What "Save my name, email, and website" asks of the form being sent: those details, or none. */
function detailsToSave(form: HTMLFormElement): SavedDetails | null {
  const parsed = CommentInput.safeParse(readCommentForm(new FormData(form)));
  if (!parsed.success || !parsed.data.save) return null;
  const { name, email, website } = parsed.data;
  return { name, email, website: website ?? '' };
}

/** The cached page carries one token for everyone; each form asks for its own when it can. */
async function fetchFormToken(articleId: number): Promise<string | null> {
  try {
    const response = await fetch(`/api/form-token?article=${articleId}`, { cache: 'no-store' });
    if (!response.ok) return null;
    const { token } = (await response.json()) as { token?: string };
    return token || null;
  } catch {
    // Offline or blocked: the page's own token still works.
    return null;
  }
}

export function CommentForm() {
  const { slug, articleId, formToken, state, formAction, pending, replyTo, cancelReply, commentsOpen } =
    useDiscussion();
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  // True once hydrated: our own checks then replace the browser's.
  const enhanced = useHydrated();
  const [errors, setErrors] = useState<FieldErrors<CommentField>>(state.fieldErrors ?? {});
  const [summaryShown, setSummaryShown] = useState(state.status === 'error');
  const [lastState, setLastState] = useState(state);
  // Kept in state, not written into the DOM: a hidden input's value is its defaultValue, which React
  // sets again on every render, so a token written into the field would be lost at the next render.
  const [ownToken, setOwnToken] = useState<string | null>(state.formToken ?? null);
  // Read when the form is sent; kept by the page's script once the post succeeds (the action sets
  // no cookie for a browser with JavaScript).
  const sentDetails = useRef<SavedDetails | null>(null);

  if (state !== lastState) {
    setLastState(state);
    setErrors(state.fieldErrors ?? {});
    setSummaryShown(state.status === 'error');
    if (state.formToken) setOwnToken(state.formToken);
  }

  useEffect(() => {
    if (formRef.current) fillSavedDetails(formRef.current);
    void fetchFormToken(articleId).then((token) => token && setOwnToken(token));
  }, [articleId]);

  useEffect(() => {
    if (state.status === 'error') summaryRef.current?.focus();
    if (state.status === 'success') {
      if (sentDetails.current) setBrowserCookie(savedDetailsCookie, encodeSavedDetails(sentDetails.current), savedDetailsMaxAge);
      else deleteBrowserCookie(savedDetailsCookie);
      statusRef.current?.focus();
      // React has reset the form; saved details come back, as on a fresh visit, and the next
      // comment gets a token of its own.
      if (formRef.current) fillSavedDetails(formRef.current);
      void fetchFormToken(articleId).then((token) => token && setOwnToken(token));
    }
  }, [state, articleId]);

  if (!commentsOpen) {
    return (
      <section id="respond" className="respond" aria-labelledby="respond-title">
        <h2 id="respond-title">Leave a Reply</h2>
        <p className="notice">Comments are closed.</p>
      </section>
    );
  }

  const values = state.status === 'error' ? (state.values ?? {}) : {};
  const hasErrors = commentFields.some((field) => errors[field]?.length);

  function checkField(event: {
    type: string;
    currentTarget: HTMLInputElement | HTMLTextAreaElement;
    relatedTarget?: EventTarget | null;
  }) {
    const field = event.currentTarget.name as CommentField;
    const form = event.currentTarget.form;
    if (!form || (event.type === 'change' && !errors[field])) return;
    // Leaving the field for the submit button: the submit checks everything, and an error shown
    // now would push the button away from under the pointer.
    if (event.relatedTarget instanceof HTMLButtonElement && event.relatedTarget.type === 'submit') return;
    const fieldErrors = validate(form)[field];
    setErrors((current) => ({ ...current, [field]: fieldErrors }));
  }

  function field(name: CommentField) {
    const error = errors[name]?.[0];
    return {
      id: name,
      name,
      defaultValue: values[name] ?? '',
      'aria-invalid': error ? true : undefined,
      'aria-describedby': error ? `${name}-error` : undefined,
      onBlur: checkField,
      onChange: checkField,
    } as const;
  }

  function errorFor(name: CommentField) {
    const error = errors[name]?.[0];
    return error ? (
      <p className="field-error" id={`${name}-error`}>
        <span className="visually-hidden">Error: </span>
        {error}
      </p>
    ) : null;
  }

  return (
    <section id="respond" className="respond" aria-labelledby="respond-title">
      <h2 id="respond-title">{replyTo ? `Reply to ${replyTo.authorName}` : 'Leave a Reply'}</h2>
      {replyTo && (
        <p className="cancel-reply">
          <a
            href={`/articles/${slug}#respond`}
            onClick={(event) => {
              event.preventDefault();
              cancelReply();
            }}
          >
            Cancel reply
          </a>
        </p>
      )}
      <p className="form-note">
        Your email address will not be published. Required fields are marked <span aria-hidden="true">*</span>
        <span className="visually-hidden">with an asterisk</span>
      </p>

      {(summaryShown && hasErrors) || (state.status === 'error' && state.message) ? (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="error-summary-title">
          <h3 id="error-summary-title">{state.status === 'error' && state.message ? state.message : 'There is a problem'}</h3>
          {hasErrors && (
            <ul>
              {commentFields.map((name) =>
                errors[name]?.[0] ? (
                  <li key={name}>
                    <a href={`#${name}`}>{errors[name][0]}</a>
                  </li>
                ) : null,
              )}
            </ul>
          )}
        </div>
      ) : null}

      <form
        ref={formRef}
        action={formAction}
        noValidate={enhanced}
        className="comment-form"
        onSubmit={(event) => {
          const found = validate(event.currentTarget);
          if (Object.keys(found).length > 0) {
            event.preventDefault();
            setErrors(found);
            setSummaryShown(true);
            requestAnimationFrame(() => summaryRef.current?.focus());
            return;
          }
          sentDetails.current = detailsToSave(event.currentTarget);
        }}
      >
        <input type="hidden" name="parentId" value={replyTo?.id ?? ''} />
        <input type="hidden" name="formToken" value={ownToken ?? formToken} readOnly />
        <div className="hp" aria-hidden="true">
          <label htmlFor="homepage">Leave this field empty</label>
          <input id="homepage" name="homepage" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <div className="field">
          <label htmlFor="comment">{labels.comment} *</label>
          {errorFor('comment')}
          <textarea {...field('comment')} rows={8} required />
        </div>
        <div className="field">
          <label htmlFor="name">{labels.name} *</label>
          {errorFor('name')}
          <input {...field('name')} type="text" autoComplete="name" required />
        </div>
        <div className="field">
          <label htmlFor="email">{labels.email} *</label>
          {errorFor('email')}
          <input {...field('email')} type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="website">{labels.website}</label>
          {errorFor('website')}
          <input {...field('website')} type="text" inputMode="url" autoComplete="url" />
        </div>
        <div className="field field-checkbox">
          <input
            id="save"
            name="save"
            type="checkbox"
            defaultChecked={values.save === 'on'}
          />
          <label htmlFor="save">Save my name, email, and website in this browser for the next time I comment.</label>
        </div>
        <div className="field field-checkbox">
          <input id="notify" name="notify" type="checkbox" defaultChecked={values.notify === 'on'} />
          <label htmlFor="notify">Notify me of replies by email</label>
        </div>
        <p className="form-submit">
          <button type="submit" disabled={pending} aria-disabled={pending}>
            {pending ? 'Posting…' : 'Post Comment'}
          </button>
        </p>
      </form>
      <p className="form-status" role="status" tabIndex={-1} ref={statusRef}>
        {state.status === 'success' ? state.message : ''}
        {state.status === 'success' && state.comment ? (
          <>
            {' '}
            <a href={`#comment-${state.comment.id}`}>See your comment</a>.
          </>
        ) : null}
      </p>
    </section>
  );
}

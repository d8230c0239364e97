'use client';

import { useActionState, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { ArticleBody } from '@/components/article-body';
import { ImageUpload } from '@/components/image-upload';
import type { ImageDto } from '@/lib/images';
import { markdownToBlocks } from '@/lib/markdown';
import {
  ArticleInput,
  articleFields,
  readArticleForm,
  type ArticleField,
  type ArticleFormState,
  type ArticleFormValues,
  type ArticleIntent,
} from '@/lib/article-schemas';
import { fieldErrorsOf, type FieldErrors } from '@/lib/schemas';
import type { ArticleState } from '@/lib/articles';
import { autosaveArticleDraft, discardArticleAutosave, leaveEditing, pingEditing } from '../actions';

const autosaveDelayMs = 2_000;
const presenceEveryMs = 15_000;

const timeOfDay = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

type Props = {
  action: (state: ArticleFormState, formData: FormData) => Promise<ArticleFormState>;
  articleId: number | null;
  version: number | null;
  state: ArticleState | null;
  initial: ArticleFormValues;
  canPublish: boolean;
  /** Published once already: a new slug leaves a redirect from the old address. */
  publishedBefore: boolean;
  timeZone: string;
  /** The saved lead image, shown beside its fields. */
  leadImage?: ImageDto | null;
  sections: { id: number; name: string }[];
  bylineNames: string[];
  autosave: { values: ArticleFormValues; savedAt: string } | null;
  notice?: string;
  /**
   * Where this browser keeps a new article's text until its first save (the server's autosave
   * needs the article to exist); per account. Cleared once the article is created.
   */
  localDraftKey: string;
  /** Just created from a new article: the browser's copy of it is saved now. */
  clearLocalDraft?: boolean;
};

type LocalDraft = { values: ArticleFormValues; savedAt: string };

function readLocalDraft(key: string): LocalDraft | null {
  try {
    const draft = JSON.parse(window.localStorage.getItem(key) ?? 'null') as LocalDraft | null;
    return draft && typeof draft.savedAt === 'string' && typeof draft.values === 'object' ? draft : null;
  } catch {
    return null;
  }
}

function intentsFor(state: ArticleState | null, canPublish: boolean): { intent: ArticleIntent; label: string; danger?: boolean }[] {
  if (!canPublish) {
    return state === null || state === 'draft'
      ? [
          { intent: 'save', label: 'Save draft' },
          { intent: 'submit', label: 'Submit for review' },
        ]
      : [{ intent: 'save', label: 'Save' }];
  }
  switch (state) {
    case 'published':
      return [
        { intent: 'update', label: 'Update' },
        { intent: 'unpublish', label: 'Unpublish', danger: true },
      ];
    case 'scheduled':
      return [
        { intent: 'save', label: 'Save' },
        { intent: 'publish', label: 'Publish now' },
        { intent: 'schedule', label: 'Schedule' },
        { intent: 'unpublish', label: 'Unpublish', danger: true },
      ];
    case 'review':
      return [
        { intent: 'save', label: 'Save' },
        { intent: 'return', label: 'Send back to draft' },
        { intent: 'publish', label: 'Publish now' },
        { intent: 'schedule', label: 'Schedule' },
      ];
    case 'unpublished':
      return [
        { intent: 'save', label: 'Save' },
        { intent: 'publish', label: 'Publish again' },
      ];
    default:
      return [
        { intent: 'save', label: 'Save draft' },
        { intent: 'publish', label: 'Publish now' },
        { intent: 'schedule', label: 'Schedule' },
      ];
  }
}

const labels: Record<ArticleField, string> = {
  headline: 'Headline',
  standfirst: 'Standfirst',
  slug: 'Address (slug)',
  byline: 'Byline',
  sectionId: 'Section',
  tags: 'Tags',
  body: 'Body (Markdown)',
  imageId: 'Image number',
  imageAlt: 'Alt text',
  imageCaption: 'Caption',
  imageCredit: 'Credit',
  commentsOpen: 'Comments open',
  correction: 'Correction',
  publishAt: 'Publish at',
};

function validate(form: HTMLFormElement, submitter?: HTMLElement | null): FieldErrors<ArticleField> {
  const data = new FormData(form, submitter instanceof HTMLButtonElement ? submitter : undefined);
  const result = ArticleInput.safeParse(readArticleForm(data));
  return result.success ? {} : fieldErrorsOf<ArticleField>(result.error);
}

function formValues(form: HTMLFormElement): ArticleFormValues {
  const { intent: _intent, ...values } = readArticleForm(new FormData(form));
  void _intent;
  return values;
}

export function ArticleEditor(props: Props) {
  const { articleId, canPublish, timeZone } = props;
  const [formState, formAction, pending] = useActionState(props.action, { status: 'idle' } as ArticleFormState);
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  // What the fields show: what was sent last (kept on an error or a stale save), an autosave the
  // editor chose to restore, or the article as saved.
  const [restored, setRestored] = useState<ArticleFormValues | null>(null);
  const [formKey, setFormKey] = useState(0);
  const values = formState.values ?? restored ?? props.initial;
  const version = formState.version ?? props.version;
  const [source, setSource] = useState(values.body ?? '');
  const [errors, setErrors] = useState<FieldErrors<ArticleField>>({});
  const [lastState, setLastState] = useState(formState);
  const [offer, setOffer] = useState(props.autosave);
  const [autosaved, setAutosaved] = useState<string | null>(null);
  const [others, setOthers] = useState<string[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const versionRef = useRef(version);

  if (formState !== lastState) {
    setLastState(formState);
    setErrors(formState.fieldErrors ?? {});
    if (formState.values) setSource(formState.values.body ?? '');
  }

  useEffect(() => {
    versionRef.current = version;
  }, [version]);

  useEffect(() => {
    if (formState.status === 'error' || formState.status === 'stale') summaryRef.current?.focus();
  }, [formState]);

  useEffect(() => {
    if (articleId === null) return;
    let live = true;
    const ping = () =>
      pingEditing(articleId)
        .then((names) => live && setOthers(names))
        .catch(() => {});
    ping();
    const every = setInterval(ping, presenceEveryMs);
    return () => {
      live = false;
      clearInterval(every);
      void leaveEditing(articleId).catch(() => {});
    };
  }, [articleId]);

  useEffect(() => () => clearTimeout(timer.current), []);

  // A new article: offer what this browser kept of the last one never saved. Just created: that
  // copy is saved now, so it goes.
  const { localDraftKey, clearLocalDraft } = props;
  useEffect(() => {
    if (articleId !== null) {
      if (clearLocalDraft) window.localStorage.removeItem(localDraftKey);
      return;
    }
    const draft = readLocalDraft(localDraftKey);
    // Reading browser storage is an effect by nature; the offer shows after hydration.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (draft) setOffer(draft);
  }, [articleId, localDraftKey, clearLocalDraft]);

  const deferredSource = useDeferredValue(source);
  const blocks = useMemo(() => markdownToBlocks(deferredSource), [deferredSource]);

  function scheduleAutosave() {
    clearTimeout(timer.current);
    if (articleId === null) {
      timer.current = setTimeout(() => {
        const form = formRef.current;
        if (!form) return;
        const savedAt = new Date().toISOString();
        try {
          window.localStorage.setItem(localDraftKey, JSON.stringify({ values: formValues(form), savedAt }));
          setAutosaved(`Kept in this browser at ${timeOfDay.format(new Date(savedAt))} until the first save.`);
        } catch {
          setAutosaved('This browser could not keep a copy: save the draft to keep your text.');
        }
      }, autosaveDelayMs);
      return;
    }
    timer.current = setTimeout(() => {
      const form = formRef.current;
      if (!form || versionRef.current === null) return;
      autosaveArticleDraft(articleId, versionRef.current, formValues(form))
        .then((result) => {
          if ('savedAt' in result) setAutosaved(`Autosaved at ${timeOfDay.format(new Date(result.savedAt))}.`);
        })
        .catch(() => setAutosaved('Autosave failed; save the article to keep your changes.'));
    }, autosaveDelayMs);
  }

  function checkField(event: React.FocusEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) {
    const name = event.currentTarget.name as ArticleField;
    const form = event.currentTarget.form;
    if (!form || !articleFields.includes(name)) return;
    if (event.relatedTarget instanceof HTMLButtonElement && event.relatedTarget.type === 'submit') return;
    const found = validate(form)[name];
    setErrors((current) => ({ ...current, [name]: found }));
  }

  function field(name: ArticleField) {
    const error = errors[name]?.[0];
    const hint = hints[name] ? `${name}-hint` : '';
    return {
      id: name,
      name,
      defaultValue: values[name] ?? '',
      'aria-invalid': error ? true : undefined,
      'aria-describedby': [error ? `${name}-error` : '', hint].filter(Boolean).join(' ') || undefined,
      onBlur: checkField,
    } as const;
  }

  const hints: Partial<Record<ArticleField, string>> = {
    slug: props.publishedBefore
      ? 'Readers know this address: a new one leaves a permanent redirect from the old.'
      : 'Made from the headline when left empty.',
    byline: 'One or more names, separated by commas: a staff member’s name links to their account.',
    tags: 'Separated by commas; new tags are created as needed.',
    body: 'Markdown: ## and ### headings, **bold**, *italic*, `code`, [links](https://…), lists, > quotes, ![alt text](image:12 "caption"), and a web address alone on a line for a link card. HTML is not allowed.',
    imageId: 'Filled in by an upload above, or the number of an image uploaded before (Images). Empty for none.',
    correction: 'Shown to readers under the headline, with the time of the update.',
    publishAt: `In ${timeZone} time. A time already past publishes at once.`,
  };

  function hintFor(name: ArticleField) {
    return hints[name] ? (
      <p className="field-hint" id={`${name}-hint`}>
        {hints[name]}
      </p>
    ) : null;
  }

  function errorFor(name: ArticleField) {
    const error = errors[name]?.[0];
    return error ? (
      <p className="field-error" id={`${name}-error`}>
        <span className="visually-hidden">Error: </span>
        {error}
      </p>
    ) : null;
  }

  const hasErrors = articleFields.some((name) => errors[name]?.length);
  const showSummary = formState.status === 'error' || formState.status === 'stale' || hasErrors;
  const intents = intentsFor(props.state, canPublish);

  return (
    <div className="article-editor">
      {others.length > 0 && (
        <p className="notice presence" role="status">
          {others.join(', ')} {others.length === 1 ? 'is' : 'are'} also editing this article. Saves are checked: if they save first, yours is
          refused and your text kept.
        </p>
      )}
      {offer && (
        <div className="notice autosave-offer" role="region" aria-label="Unsaved changes">
          <p>
            {articleId === null
              ? `This browser kept a new article you had not saved, from ${timeOfDay.format(new Date(offer.savedAt))}.`
              : `You have unsaved changes from ${timeOfDay.format(new Date(offer.savedAt))}, newer than the saved article.`}
          </p>
          <button
            type="button"
            onClick={() => {
              setRestored(offer.values);
              setSource(offer.values.body ?? '');
              setOffer(null);
              setFormKey((key) => key + 1);
            }}
          >
            Restore unsaved changes
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setOffer(null);
              if (articleId !== null) void discardArticleAutosave(articleId);
              else window.localStorage.removeItem(localDraftKey);
            }}
          >
            Discard them
          </button>
        </div>
      )}
      {props.notice && formState.status === 'idle' && (
        <p className="notice" role="status">
          {props.notice}
        </p>
      )}
      {showSummary && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="article-error-title">
          <h2 id="article-error-title">{formState.message && formState.status !== 'saved' ? formState.message : 'There is a problem'}</h2>
          {hasErrors && (
            <ul>
              {articleFields.map((name) =>
                errors[name]?.[0] ? (
                  <li key={name}>
                    <a href={`#${name}`}>
                      {labels[name]}: {errors[name][0]}
                    </a>
                  </li>
                ) : null,
              )}
            </ul>
          )}
        </div>
      )}
      <form
        key={formKey}
        ref={formRef}
        action={formAction}
        noValidate
        className="article-form"
        onInput={scheduleAutosave}
        onSubmit={(event) => {
          const submitter = (event.nativeEvent as SubmitEvent).submitter;
          const found = validate(event.currentTarget, submitter);
          if (Object.keys(found).length > 0) {
            event.preventDefault();
            setErrors(found);
            requestAnimationFrame(() => summaryRef.current?.focus());
            return;
          }
          clearTimeout(timer.current);
        }}
      >
        <input type="hidden" name="baseVersion" value={version ?? ''} />
        <div className="field">
          <label htmlFor="headline">{labels.headline} *</label>
          {errorFor('headline')}
          <input {...field('headline')} type="text" required maxLength={400} />
        </div>
        <div className="field">
          <label htmlFor="standfirst">{labels.standfirst} *</label>
          {errorFor('standfirst')}
          <textarea {...field('standfirst')} rows={2} required />
        </div>
        <div className="field">
          <label htmlFor="slug">{labels.slug}</label>
          {hintFor('slug')}
          {errorFor('slug')}
          <input {...field('slug')} type="text" pattern="[a-z0-9-]*" autoCapitalize="off" spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor="byline">{labels.byline} *</label>
          {hintFor('byline')}
          {errorFor('byline')}
          <input {...field('byline')} type="text" list="byline-names" required />
          <datalist id="byline-names">
            {props.bylineNames.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="sectionId">{labels.sectionId}</label>
          {errorFor('sectionId')}
          <select {...field('sectionId')}>
            <option value="">No section</option>
            {props.sections.map((section) => (
              <option key={section.id} value={String(section.id)}>
                {section.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tags">{labels.tags}</label>
          {hintFor('tags')}
          {errorFor('tags')}
          <input {...field('tags')} type="text" />
        </div>
        <div className="body-editor">
          <div className="field">
            <label htmlFor="body">{labels.body}</label>
            {hintFor('body')}
            {errorFor('body')}
            <textarea {...field('body')} rows={24} onChange={(event) => setSource(event.currentTarget.value)} />
          </div>
          <section className="body-preview" aria-labelledby="preview-title">
            <h2 id="preview-title">Preview</h2>
            {blocks.length ? <ArticleBody blocks={blocks} /> : <p className="quiet">The body appears here as readers will see it.</p>}
          </section>
        </div>
        <fieldset className="field lead-image">
          <legend>Lead image</legend>
          <ImageUpload
            label="Upload a lead image"
            defaultImage={props.leadImage ?? null}
            onChange={(image) => {
              const input = formRef.current?.elements.namedItem('imageId');
              if (!(input instanceof HTMLInputElement)) return;
              input.value = image ? String(image.id) : '';
              setErrors((current) => ({ ...current, imageId: undefined }));
              scheduleAutosave();
            }}
          />
          <div className="field">
            <label htmlFor="imageId">{labels.imageId}</label>
            {hintFor('imageId')}
            {errorFor('imageId')}
            <input {...field('imageId')} type="text" inputMode="numeric" />
          </div>
          <div className="field">
            <label htmlFor="imageAlt">{labels.imageAlt}</label>
            {errorFor('imageAlt')}
            <input {...field('imageAlt')} type="text" />
          </div>
          <div className="field">
            <label htmlFor="imageCaption">{labels.imageCaption}</label>
            {errorFor('imageCaption')}
            <input {...field('imageCaption')} type="text" />
          </div>
          <div className="field">
            <label htmlFor="imageCredit">{labels.imageCredit}</label>
            {errorFor('imageCredit')}
            <input {...field('imageCredit')} type="text" />
          </div>
        </fieldset>
        <div className="field field-checkbox">
          <input id="commentsOpen" name="commentsOpen" type="checkbox" defaultChecked={values.commentsOpen === 'on'} />
          <label htmlFor="commentsOpen">{labels.commentsOpen}</label>
        </div>
        {canPublish && (
          <>
            <div className="field">
              <label htmlFor="correction">{labels.correction}</label>
              {hintFor('correction')}
              {errorFor('correction')}
              <textarea {...field('correction')} rows={2} />
            </div>
            <div className="field">
              <label htmlFor="publishAt">
                {labels.publishAt} ({timeZone})
              </label>
              {hintFor('publishAt')}
              {errorFor('publishAt')}
              <input {...field('publishAt')} type="datetime-local" />
            </div>
          </>
        )}
        <p className="form-submit article-buttons">
          {intents.map(({ intent, label, danger }) => (
            <button key={intent} type="submit" name="intent" value={intent} disabled={pending} className={danger ? 'danger' : undefined}>
              {label}
            </button>
          ))}
        </p>
      </form>
      <p className="form-status" role="status">
        {pending ? 'Saving…' : formState.status === 'saved' ? formState.message : ''} {autosaved && !pending ? autosaved : ''}
      </p>
    </div>
  );
}

import { z } from './zod';
import { characterCount, isBlank, normalizeText } from './text';
import { isSlug } from './paths';
import { slugify } from './articles';
import { rawHtmlIn } from './markdown';
import type { FieldErrors } from './schemas';

// The newsroom's forms: one schema each, checked in the browser as the editor types and again by
// the server action, which is the judge.

export const articleLimits = {
  headline: 200,
  standfirst: 500,
  slug: 80,
  byline: 300,
  tags: 500,
  /** Server actions accept 64 KB (next.config.ts, server/main.ts); the rest of the form fits beside this. */
  body: 40_000,
  imageAlt: 300,
  imageCaption: 500,
  imageCredit: 200,
  correction: 1_000,
} as const;

export const articleIntents = ['save', 'submit', 'return', 'publish', 'schedule', 'update', 'unpublish'] as const;
export type ArticleIntent = (typeof articleIntents)[number];

const number = new Intl.NumberFormat('en-GB');
const markup = /<\s*\/?\s*[a-z!?][^>]*>|<\s*script|javascript\s*:/i;

function plain(label: string, max: number, { required = false, multiline = false } = {}) {
  return z
    .string()
    .optional()
    .transform((value) => normalizeText(value ?? '', { multiline }))
    .superRefine((value, ctx) => {
      if (isBlank(value)) {
        if (required) ctx.addIssue({ code: 'custom', message: `${label} is required.` });
        return;
      }
      if (characterCount(value) > max) {
        ctx.addIssue({ code: 'custom', message: `${label} must be at most ${number.format(max)} characters (it has ${number.format(characterCount(value))}).` });
      } else if (markup.test(value)) {
        ctx.addIssue({ code: 'custom', message: `${label} cannot contain HTML or scripts such as <script>: write plain text.` });
      }
    });
}

/** Comma-separated names (bylines, tags): trimmed, empty ones dropped, duplicates once. */
export function splitList(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of value.split(',')) {
    const item = part.trim().replace(/\s+/g, ' ');
    if (item && !seen.has(item.toLowerCase())) {
      seen.add(item.toLowerCase());
      out.push(item);
    }
  }
  return out;
}

const optionalId = (message: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const text = (value ?? '').trim();
      if (text === '') return null;
      const id = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(id) || id < 1) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return id;
    });

export const ArticleInput = z
  .object({
    headline: plain('Headline', articleLimits.headline, { required: true }),
    standfirst: plain('Standfirst', articleLimits.standfirst, { required: true }),
    slug: z
      .string()
      .optional()
      .transform((value) => (value ?? '').trim().toLowerCase()),
    byline: plain('Byline', articleLimits.byline, { required: true }).transform(splitList),
    sectionId: optionalId('Choose a section from the list.'),
    tags: plain('Tags', articleLimits.tags).transform(splitList),
    body: z
      .string()
      .optional()
      .transform((value) => normalizeText(value ?? '', { multiline: true }))
      .superRefine((value, ctx) => {
        if (characterCount(value) > articleLimits.body) {
          ctx.addIssue({
            code: 'custom',
            message: `The body must be at most ${number.format(articleLimits.body)} characters (it has ${number.format(characterCount(value))}).`,
          });
          return;
        }
        const html = rawHtmlIn(value);
        if (html.length) {
          ctx.addIssue({
            code: 'custom',
            message: `The body contains HTML (${html[0]!.slice(0, 40)}), which readers would see as text: use Markdown, or put code in \`backticks\`.`,
          });
        }
      }),
    imageId: optionalId('The image number is a whole number, such as 12.'),
    imageAlt: plain('Alt text', articleLimits.imageAlt),
    imageCaption: plain('Caption', articleLimits.imageCaption),
    imageCredit: plain('Credit', articleLimits.imageCredit),
    commentsOpen: z
      .string()
      .optional()
      .transform((value) => value === 'on' || value === 'true'),
    correction: plain('Correction', articleLimits.correction, { multiline: true }),
    publishAt: z
      .string()
      .optional()
      .transform((value) => (value ?? '').trim()),
    intent: z.enum(articleIntents, { error: 'Choose what to do with the article.' }).default('save'),
  })
  // Checks across fields run even when a field has failed, so every problem is named at once.
  .superRefine(
    (input, ctx) => {
      const headline = typeof input.headline === 'string' ? input.headline : '';
      const slug = typeof input.slug === 'string' && input.slug ? input.slug : slugify(headline);
      if (headline || input.slug) {
        if (!isSlug(slug) || slug.length > articleLimits.slug) {
          ctx.addIssue({
            code: 'custom',
            path: ['slug'],
            message: input.slug
              ? `The address may use only a–z, 0–9 and hyphens, at most ${articleLimits.slug} characters.`
              : 'Enter an address for the article (a–z, 0–9 and hyphens): none can be made from this headline.',
          });
        }
      }
      const hasImage = typeof input.imageId === 'number';
      if (hasImage && (typeof input.imageAlt !== 'string' || isBlank(input.imageAlt))) {
        ctx.addIssue({ code: 'custom', path: ['imageAlt'], message: 'Alt text is required with a lead image: describe it for readers who cannot see it.' });
      }
      if (input.imageId === null && (input.imageAlt || input.imageCaption || input.imageCredit)) {
        ctx.addIssue({ code: 'custom', path: ['imageId'], message: 'Enter the image number, or clear the alt text, caption and credit.' });
      }
      const goesOut = input.intent === 'submit' || input.intent === 'publish' || input.intent === 'schedule' || input.intent === 'update';
      if (goesOut && typeof input.body === 'string' && isBlank(input.body)) {
        ctx.addIssue({ code: 'custom', path: ['body'], message: 'The body is required before the article goes to an editor or to readers.' });
      }
      if (input.intent === 'schedule' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(String(input.publishAt ?? ''))) {
        ctx.addIssue({ code: 'custom', path: ['publishAt'], message: 'Enter the date and time to publish.' });
      }
    },
    { when: () => true },
  )
  .transform((input) => ({ ...input, slug: input.slug || slugify(input.headline) }));

export type ArticleInput = z.output<typeof ArticleInput>;

export const articleFields = [
  'headline',
  'standfirst',
  'slug',
  'byline',
  'sectionId',
  'tags',
  'body',
  'imageId',
  'imageAlt',
  'imageCaption',
  'imageCredit',
  'commentsOpen',
  'correction',
  'publishAt',
] as const;
export type ArticleField = (typeof articleFields)[number];
export type ArticleFormValues = Partial<Record<ArticleField, string>>;

export function readArticleForm(formData: FormData): ArticleFormValues & { intent?: string } {
  const values: ArticleFormValues & { intent?: string } = {};
  for (const key of [...articleFields, 'intent'] as const) {
    const value = formData.get(key);
    if (typeof value === 'string') values[key] = value;
  }
  return values;
}

export type ArticleFormState = {
  status: 'idle' | 'saved' | 'error' | 'stale';
  message?: string;
  fieldErrors?: FieldErrors<ArticleField>;
  /** What was sent, echoed to that editor alone: after an error, a stale save or a save, the form shows it. */
  values?: ArticleFormValues;
  /** The article's version after this save: the next save starts from it. */
  version?: number;
  /** Set once a new article has been saved for the first time. */
  articleId?: number;
};

export const SectionInput = z.object({
  name: plain('Name', 60, { required: true }),
  description: plain('Description', 300),
});

export type SectionFormState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  fieldErrors?: FieldErrors<'name' | 'description'>;
  values?: { name: string; description: string };
};

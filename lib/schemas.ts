import { z } from './zod';
import { userRoles } from './accounts';
import { heldMailChoices } from './held-mail';

import { characterCount, isBlank, normalizeText } from './text';
import { type PublicComment } from './comments';
import { normalizeEmail } from './email';
import { isTimeZone } from './zoned-time';
import { readerDataChanges } from './reader-data';

// One schema per form, shared by the browser (checks as you type) and the server action (the judge).

export const commentLimits = {
  /** WordPress allows 65,525; Margin's setting defaults to 5,000. */
  comment: 5000,
  name: 245,
  email: 100,
  website: 200,
} as const;

const number = new Intl.NumberFormat('en-GB');

function text(label: string, max: number, { multiline = false, required = true } = {}) {
  return z
    .string({ error: `${label} is required.` })
    .transform((value) => normalizeText(value, { multiline }))
    .superRefine((value, ctx) => {
      if (required && isBlank(value)) {
        ctx.addIssue({ code: 'custom', message: `${label} is required.` });
        return;
      }
      const length = characterCount(value);
      if (length > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} must be at most ${number.format(max)} characters (it has ${number.format(length)}).`,
        });
      }
    });
}

const schemeLike = /^[a-z][a-z0-9+.-]*:/i;

const website = z
  .string()
  .optional()
  .transform((value) => normalizeText(value ?? '', { multiline: false }))
  .transform((value, ctx) => {
    if (isBlank(value)) return undefined;
    if (characterCount(value) > commentLimits.website) {
      ctx.addIssue({
        code: 'custom',
        message: `Website must be at most ${number.format(commentLimits.website)} characters.`,
      });
      return z.NEVER;
    }
    // "example.com" means the reader's site; "javascript:…" or "data:…" is never a website.
    const candidate = schemeLike.test(value) && !/^[^:/]+:\d/.test(value) ? value : `https://${value}`;
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Website must be a web address such as https://example.com.' });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'Website must start with http:// or https://.' });
      return z.NEVER;
    }
    if (!url.hostname.includes('.') && url.hostname !== 'localhost') {
      ctx.addIssue({ code: 'custom', message: 'Website must be a web address such as https://example.com.' });
      return z.NEVER;
    }
    if (characterCount(url.href) > commentLimits.website) {
      ctx.addIssue({
        code: 'custom',
        message: `Website must be at most ${number.format(commentLimits.website)} characters.`,
      });
      return z.NEVER;
    }
    return url.href;
  });

const email = z
  .string({ error: 'Email is required.' })
  .transform((value) => normalizeText(value, { multiline: false }))
  .pipe(
    z
      .string()
      .min(1, { error: 'Email is required.' })
      .max(commentLimits.email, {
        error: `Email must be at most ${commentLimits.email} characters.`,
      })
      .pipe(z.email({ error: 'Email must be a valid address, such as name@example.com.' })),
  )
  .transform(normalizeEmail);

const commentText = text('Comment', commentLimits.comment, { multiline: true });
const nameText = text('Name', commentLimits.name);

export const CommentInput = z.object({
  comment: commentText,
  name: nameText,
  email,
  website,
  save: z
    .string()
    .optional()
    .transform((value) => value === 'on' || value === 'true'),
  /** "Notify me of replies by email": unticked unless the reader ticks it. */
  notify: z
    .string()
    .optional()
    .transform((value) => value === 'on' || value === 'true'),
  parentId: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined;
      const id = Number(value);
      if (!Number.isSafeInteger(id) || id < 1) {
        ctx.addIssue({ code: 'custom', message: 'The comment you are replying to no longer exists.' });
        return z.NEVER;
      }
      return id;
    }),
});

export type CommentInput = z.output<typeof CommentInput>;
export type CommentField = 'comment' | 'name' | 'email' | 'website';
export const commentFields: readonly CommentField[] = ['comment', 'name', 'email', 'website'];

export type CommentFormValues = Partial<Record<CommentField | 'save' | 'notify' | 'parentId', string>>;

export function readCommentForm(formData: FormData): CommentFormValues {
  const values: CommentFormValues = {};
  for (const key of [...commentFields, 'save', 'notify', 'parentId'] as const) {
    const value = formData.get(key);
    if (typeof value === 'string') values[key] = value;
  }
  return values;
}

export type FieldErrors<Field extends string> = Partial<Record<Field, string[]>>;

export function fieldErrorsOf<Field extends string>(error: z.ZodError): FieldErrors<Field> {
  return z.flattenError(error).fieldErrors as FieldErrors<Field>;
}

export type CommentFormState = {
  status: 'idle' | 'error' | 'success';
  message?: string;
  fieldErrors?: FieldErrors<CommentField>;
  /** What the reader typed, echoed to that reader alone so an error never loses their text. */
  values?: CommentFormValues;
  /** The comment just posted, shown in place to its author (held ones included). */
  comment?: PublicComment;
  /** A fresh form token when the one sent had expired. */
  formToken?: string;
};

export const initialCommentFormState: CommentFormState = { status: 'idle' };

export const LoginInput = z.object({
  email: z.string().trim().min(1, { error: 'Enter your email.' }).max(200),
  password: z.string().min(1, { error: 'Enter your password.' }).max(1000),
});

export type LoginFormState = { status: 'idle' | 'error'; message?: string; email?: string };

export const EditCommentInput = z.object({ comment: commentText, name: nameText, website });
export const StaffReplyInput = z.object({ comment: commentText });

/** A reader's edit of their own comment: the comment form's own field and rules. */
export const OwnEditInput = z.object({ comment: commentText });
/** The delete form says so itself, so a stray call without it deletes nothing. */
export const OwnDeleteInput = z.object({ confirm: z.literal('yes') });
/** The bound arguments of the reader's edit and delete actions, which a forged call may set to anything. */
export const OwnCommentTarget = z.object({ slug: z.string().min(1).max(200), commentId: z.number().int().positive() });
export type OwnEditFormState = { status: 'idle' | 'error'; message?: string; fieldErrors?: FieldErrors<'comment'>; values?: { comment?: string } };

export type RowState = {
  status: 'idle' | 'done' | 'error' | 'confirm-delete';
  message?: string;
  fieldErrors?: FieldErrors<string>;
};

const wordList = z
  .string()
  .max(20_000, { error: 'Keep the list under 20,000 characters.' })
  .transform((value) =>
    [...new Set(value.split('\n').map((word) => normalizeText(word, { multiline: false })))].filter((word) => word !== ''),
  );

const wholeNumber = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label} must be a number.` })
    .int({ error: `${label} must be a whole number.` })
    .min(min, { error: `${label} must be at least ${min}.` })
    .max(max, { error: `${label} must be at most ${max}.` });

export const SettingsInput = z.object({
  approvalPolicy: z.enum(['all', 'first_time', 'none'], { error: 'Choose an approval policy.' }),
  holdLinkCount: wholeNumber('Links before holding', 0, 100),
  moderationWords: wordList,
  disallowedWords: wordList,
  closeAfterDays: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
    wholeNumber('Days before closing', 1, 36_500).nullable(),
  ),
  threadDepth: wholeNumber('Threading depth', 1, 10),
  commentsPerPage: wholeNumber('Comments per page', 5, 500),
  minSecondsBeforePost: wholeNumber('Seconds before a post is accepted', 0, 60),
  floodSeconds: wholeNumber('Seconds between comments', 0, 3600),
  hourlyLimit: wholeNumber('Comments per hour', 1, 1_000_000),
  networkHourlyLimit: wholeNumber('Comments per hour from one network', 1, 1_000_000),
  pendingPerMinute: wholeNumber('Held comments per minute', 0, 1_000_000),
  reportThreshold: wholeNumber('Reports before review', 1, 100),
  keepClientDetailsDays: wholeNumber('Days to keep addresses', 1, 3650),
  purgeSpamTrashDays: wholeNumber('Days to keep spam and trash', 1, 3650),
  ownEditMinutes: wholeNumber('Minutes a reader may change their comment', 0, 1440),
});

export type SettingsField = keyof z.input<typeof SettingsInput>;
export type SettingsFormState = {
  status: 'idle' | 'saved' | 'error';
  message?: string;
  fieldErrors?: FieldErrors<SettingsField>;
};

export const AccountInput = z.object({
  name: z.string().trim().min(1, { error: 'Name is required.' }).max(100, { error: 'Name must be at most 100 characters.' }),
  email: z.email({ error: 'Email must be a valid address.' }).max(100),
  password: z
    .string()
    .min(10, { error: 'Password must be at least 10 characters.' })
    .max(200, { error: 'Password must be at most 200 characters.' }),
  role: z.enum(userRoles, { error: 'Choose a role.' }),
});

export type AccountFormState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  fieldErrors?: FieldErrors<'name' | 'email' | 'password' | 'role'>;
};

export const BanInput = z
  .object({
    kind: z.enum(['email', 'ip'], { error: 'Choose what to ban.' }),
    value: z.string().trim().min(1, { error: 'Nothing to ban.' }).max(200),
    prefixBits: z.preprocess(
      (value) => (value === '' || value === undefined ? null : value),
      z.coerce.number().int().min(8, { error: 'A range must be /8 or narrower.' }).max(128).nullable(),
    ),
    days: z.preprocess(
      (value) => (value === '' || value === 'never' || value === undefined ? null : value),
      z.coerce.number().int().min(1).max(3650).nullable(),
    ),
    note: z
      .string()
      .max(500, { error: 'Keep the note under 500 characters.' })
      .optional()
      .transform((value) => (value ? normalizeText(value, { multiline: false }) || null : null)),
  })
  .refine((ban) => ban.kind !== 'email' || z.email().safeParse(ban.value).success, {
    error: 'That is not an email address.',
    path: ['value'],
  })
  .refine((ban) => ban.kind !== 'ip' || ban.prefixBits === null || ban.prefixBits <= (ban.value.includes(':') ? 128 : 32), {
    error: 'That range is wider than the address allows.',
    path: ['prefixBits'],
  });

export const ReportInput = z.object({
  commentId: z.coerce.number({ error: 'This comment is no longer on the page.' }).int().positive(),
  reason: z.enum(['spam', 'abuse', 'off-topic', 'other'], { error: 'Choose a reason.' }),
  note: z
    .string()
    .optional()
    .transform((value) => normalizeText(value ?? '', { multiline: true }))
    .refine((value) => characterCount(value) <= 500, { error: 'Keep the note under 500 characters.' }),
});

export type ReportFormState = { status: 'idle' | 'done' | 'error'; message?: string };

export const SiteSettingsInput = z.object({
  timeZone: z
    .string({ error: 'Enter a time zone.' })
    .trim()
    .refine(isTimeZone, { error: 'Enter a time zone by its IANA name, such as Europe/London or America/New_York.' }),
});

export type SiteSettingsFormState = {
  status: 'idle' | 'saved' | 'error';
  message?: string;
  fieldErrors?: FieldErrors<'timeZone'>;
  /** What was sent, so an error keeps it in the field. */
  timeZone?: string;
};

/** A signed link from an email (lib/mail-links.ts checks its signature, purpose and age). */
export const MailLinkInput = z.object({ token: z.string().min(1).max(300) });

export const StopRepliesInput = MailLinkInput.extend({ commentId: z.coerce.number().int().positive() });

/** /admin/account: how this member of staff hears of held comments. */
export const HeldMailInput = z.object({ heldMail: z.enum(heldMailChoices, { error: 'Choose one of the three.' }) });

/** "Your comments and data" (and the admins' look-up by post or phone): the address alone. */
export const ReaderDataRequestInput = z.object({ email });
export type ReaderDataRequestFormState = {
  status: 'idle' | 'sent' | 'error';
  message?: string;
  fieldErrors?: FieldErrors<'email'>;
  /** What was typed, echoed to the sender alone so an error keeps it in the field. */
  email?: string;
};

/**
 * A change to the comments of the address a signed link names: one comment (commentId) or all of
 * them, which the form must confirm.
 */
export const ReaderDataChangeInput = z
  .object({
    token: z.string().min(1).max(1000),
    change: z.enum(readerDataChanges, { error: 'Choose what to do.' }),
    commentId: z.preprocess((value) => (value === '' || value === null ? undefined : value), z.coerce.number().int().positive().optional()),
    confirm: z.string().optional(),
  })
  .refine((input) => input.commentId !== undefined || input.confirm === 'yes', {
    error: 'Tick the box to confirm: this applies to every comment and cannot be undone.',
    path: ['confirm'],
  });
export type ReaderDataChangeFormState = { status: 'idle' | 'error'; message?: string; fieldErrors?: FieldErrors<'change' | 'confirm'> };

/** A signed reader-data link in an address (the download routes). */
export const ReaderDataLinkInput = z.object({ token: z.string().min(1).max(1000), format: z.enum(['json', 'html']).default('json') });

import { z } from './zod';
import type { FieldErrors } from './schemas';
import { surgeKinds, type SurgeKind } from './surge';

// The surge form (app/admin/_components/surge-form.tsx), checked in the browser and again by the
// server action (app/admin/surge/actions.ts). Each kind asks for its own duration.

export const surgeLimits = {
  hours: { min: 1, max: 72 },
  minutes: { min: 1, max: 1440 },
  seconds: { min: 5, max: 3600 },
} as const;

/** An empty field is "not given"; a given one must be a whole number in its range. */
const optionalWhole = (label: string, { min, max }: { min: number; max: number }) =>
  z.preprocess(
    (value) => (value === undefined || value === null || (typeof value === 'string' && value.trim() === '') ? null : value),
    z.coerce
      .number({ error: `${label} must be a number.` })
      .int({ error: `${label} must be a whole number.` })
      .min(min, { error: `${label} must be at least ${min}.` })
      .max(max, { error: `${label} must be at most ${max}.` })
      .nullable(),
  );

export const SurgeInput = z
  .object({
    kind: z.enum(surgeKinds, { error: 'Choose what the surge does.' }),
    /** Empty or "site": the whole site. */
    articleId: z.preprocess(
      (value) => (value === undefined || value === '' || value === 'site' ? null : value),
      z.coerce.number({ error: 'Choose an article or the whole site.' }).int().positive({ error: 'Choose an article or the whole site.' }).nullable(),
    ),
    hours: optionalWhole('Hours', surgeLimits.hours),
    minutes: optionalWhole('Minutes', surgeLimits.minutes),
    seconds: optionalWhole('Seconds between comments', surgeLimits.seconds),
  })
  .superRefine((input, ctx) => {
    const need = (field: 'hours' | 'minutes' | 'seconds', message: string) => {
      if (input[field] === null) ctx.addIssue({ code: 'custom', path: [field], message });
    };
    if (input.kind === 'close') need('minutes', 'Enter in how many minutes comments close.');
    else need('hours', 'Enter for how many hours.');
    if (input.kind === 'slow') need('seconds', 'Enter the seconds a reader waits between two comments.');
  });

export type SurgeField = 'kind' | 'articleId' | 'hours' | 'minutes' | 'seconds';
export type SurgeFormValues = Partial<Record<SurgeField, string>>;

export type SurgeFormState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  fieldErrors?: FieldErrors<SurgeField>;
  /** What was typed, so an error keeps it in the form. */
  values?: SurgeFormValues;
};

export const surgeFields: readonly SurgeField[] = ['kind', 'articleId', 'hours', 'minutes', 'seconds'];

export function readSurgeForm(formData: FormData): SurgeFormValues {
  const values: SurgeFormValues = {};
  for (const field of surgeFields) {
    const value = formData.get(field);
    if (typeof value === 'string') values[field] = value;
  }
  return values;
}

/** What the form asks for, as the data layer stores it: how long from now, and slow mode's interval. */
export function surgePlan(input: z.output<typeof SurgeInput>): { kind: SurgeKind; articleId: number | null; durationMs: number; value: number | null } {
  const durationMs = input.kind === 'close' ? input.minutes! * 60_000 : input.hours! * 3_600_000;
  return { kind: input.kind, articleId: input.articleId, durationMs, value: input.kind === 'slow' ? input.seconds : null };
}

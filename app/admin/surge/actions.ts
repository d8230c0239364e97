'use server';

import { revalidatePath } from 'next/cache';
import { z } from '@/lib/zod';
import { requireModerator } from '@/app/_lib/session';
import { revalidateSurgePages } from '@/app/_lib/revalidate';
import { rescheduleSurgeEnds } from '@/app/_lib/surge-scheduler';
import { getSiteSettings } from '@/db/queries/settings';
import { endSurgeNow, startSurge as recordSurge } from '@/db/queries/surges';
import { fieldErrorsOf } from '@/lib/schemas';
import { formatSurgeTime, surgeKindLabels } from '@/lib/surge';
import { readSurgeForm, SurgeInput, surgePlan, type SurgeField, type SurgeFormState } from '@/lib/surge-schemas';

// The surge switch's actions (lib/surge.ts): each checks the session and the role itself (the data
// layer checks the role again), empties the pages that show the notice and tells the surge timer.

const Id = z.coerce.number().int().positive();

export async function startSurge(_previous: SurgeFormState, formData: FormData): Promise<SurgeFormState> {
  const staff = await requireModerator('/admin/surge');
  const values = readSurgeForm(formData);
  const parsed = SurgeInput.safeParse(values);
  if (!parsed.success) {
    return { status: 'error', message: 'Please correct the fields marked below.', fieldErrors: fieldErrorsOf<SurgeField>(parsed.error), values };
  }
  const now = Date.now();
  const started = await recordSurge(staff, surgePlan(parsed.data), now);
  if (started.result === 'no-article') {
    return { status: 'error', message: 'That article no longer exists.', fieldErrors: { articleId: ['Choose an article or the whole site.'] }, values };
  }
  console.log(`margin: surge ${started.id} (${parsed.data.kind}) started by user ${staff.id} until ${new Date(started.endsAt).toISOString()}`);
  await revalidateSurgePages(started.scope);
  revalidatePath('/admin', 'layout');
  rescheduleSurgeEnds();
  const { timeZone } = await getSiteSettings();
  const until = formatSurgeTime(started.endsAt, now, timeZone);
  const where = started.scope === 'site' ? 'the whole site' : 'this article';
  const message =
    parsed.data.kind === 'close' ? `Comments on ${where} close at ${until}.` : `${surgeKindLabels[parsed.data.kind]} on ${where} until ${until}.`;
  return { status: 'done', message };
}

export async function endSurge(surgeId: number): Promise<void> {
  const staff = await requireModerator('/admin/surge');
  const id = Id.safeParse(surgeId);
  if (!id.success) return;
  const ended = await endSurgeNow(staff, id.data);
  if (ended.result === 'ended') {
    console.log(`margin: surge ${id.data} ended now by user ${staff.id}`);
    await revalidateSurgePages(ended.scope);
    rescheduleSurgeEnds();
  }
  revalidatePath('/admin', 'layout');
}

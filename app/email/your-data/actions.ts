'use server';

import { redirect } from 'next/navigation';
import { getClientAddress } from '@/app/_lib/reader';
import { revalidateArticles } from '@/app/_lib/revalidate';
import { changeReaderComments, requestReaderData } from '@/db/queries/reader-data';
import { errorMessage } from '@/lib/error-message';
import { checkAddressLink } from '@/lib/mail-links';
import { readerDataSentAnswer } from '@/lib/reader-data';
import { fieldErrorsOf, ReaderDataChangeInput, ReaderDataRequestInput, type ReaderDataChangeFormState, type ReaderDataRequestFormState } from '@/lib/schemas';

// Readers' own data. The request form answers the same for every address (known, unknown or past
// its limits); a change is authorised by the signed link alone and acts on its address only.

export async function requestYourData(_previous: ReaderDataRequestFormState, formData: FormData): Promise<ReaderDataRequestFormState> {
  const typed = formData.get('email');
  const email = typeof typed === 'string' ? typed.slice(0, 1000) : '';
  const parsed = ReaderDataRequestInput.safeParse({ email });
  if (!parsed.success) return { status: 'error', message: 'Please correct the field marked below.', fieldErrors: fieldErrorsOf<'email'>(parsed.error), email };
  try {
    await requestReaderData(parsed.data.email, await getClientAddress());
  } catch (error) {
    console.error(`margin: a reader's data request could not be saved: ${errorMessage(error)}`);
    return { status: 'error', message: 'Your request could not be sent just now. Please try again in a moment.', email };
  }
  return { status: 'sent', message: readerDataSentAnswer };
}

export async function changeYourData(_previous: ReaderDataChangeFormState, formData: FormData): Promise<ReaderDataChangeFormState> {
  const parsed = ReaderDataChangeInput.safeParse(Object.fromEntries(['token', 'change', 'commentId', 'confirm'].map((key) => [key, formData.get(key) ?? undefined])));
  if (!parsed.success) return { status: 'error', message: 'Please correct the choice marked below.', fieldErrors: fieldErrorsOf<'change' | 'confirm'>(parsed.error) };
  const link = checkAddressLink(parsed.data.token, 'data');
  if (!link.ok) {
    return { status: 'error', message: link.reason === 'expired' ? 'This link has expired: ask for a new one at /email/your-data.' : 'This link is not valid.' };
  }
  const { change, commentId } = parsed.data;
  let done: { deleted: number; anonymised: number };
  try {
    const result = await changeReaderComments({ kind: 'reader' }, link.email, change, commentId ?? null);
    if (result.changedSlugs.length > 0) await revalidateArticles(result.changedSlugs, { frontPage: true });
    done = result;
  } catch (error) {
    console.error(`margin: a reader's data change could not be saved: ${errorMessage(error)}`);
    return { status: 'error', message: 'Nothing could be changed just now. Please try again in a moment.' };
  }
  redirect(`/email/your-data/comments?token=${encodeURIComponent(parsed.data.token)}&done=${change}&deleted=${done.deleted}&anonymised=${done.anonymised}`);
}

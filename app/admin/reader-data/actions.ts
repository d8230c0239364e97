'use server';

import { redirect } from 'next/navigation';
import { requireAdmin } from '@/app/_lib/session';
import { revalidateArticles } from '@/app/_lib/revalidate';
import { changeReaderComments } from '@/db/queries/reader-data';
import { errorMessage } from '@/lib/error-message';
import { checkAddressLink, signAddressLink } from '@/lib/mail-links';
import { fieldErrorsOf, ReaderDataChangeInput, ReaderDataRequestInput, type ReaderDataChangeFormState, type ReaderDataRequestFormState } from '@/lib/schemas';

// A reader's request by post or phone, handled by an admin: the same look-up, downloads and
// changes as the reader's own page. Each action checks the admin role itself; the address travels
// in a sealed, signed link of its own purpose ('staff-data'), never in clear in the address bar.

const page = '/admin/reader-data';

export async function lookUpReaderData(_previous: ReaderDataRequestFormState, formData: FormData): Promise<ReaderDataRequestFormState> {
  await requireAdmin(page);
  const typed = formData.get('email');
  const email = typeof typed === 'string' ? typed.slice(0, 1000) : '';
  const parsed = ReaderDataRequestInput.safeParse({ email });
  if (!parsed.success) return { status: 'error', message: 'Please correct the field marked below.', fieldErrors: fieldErrorsOf<'email'>(parsed.error), email };
  redirect(`${page}?token=${encodeURIComponent(signAddressLink('staff-data', parsed.data.email))}`);
}

export async function changeReaderDataAsAdmin(_previous: ReaderDataChangeFormState, formData: FormData): Promise<ReaderDataChangeFormState> {
  const staff = await requireAdmin(page);
  const parsed = ReaderDataChangeInput.safeParse(Object.fromEntries(['token', 'change', 'commentId', 'confirm'].map((key) => [key, formData.get(key) ?? undefined])));
  if (!parsed.success) return { status: 'error', message: 'Please correct the choice marked below.', fieldErrors: fieldErrorsOf<'change' | 'confirm'>(parsed.error) };
  const link = checkAddressLink(parsed.data.token, 'staff-data');
  if (!link.ok) return { status: 'error', message: 'This look-up has expired or is not valid: enter the address again.' };
  const { change, commentId } = parsed.data;
  let done: { deleted: number; anonymised: number };
  try {
    const result = await changeReaderComments({ kind: 'staff', staff }, link.email, change, commentId ?? null);
    if (result.changedSlugs.length > 0) await revalidateArticles(result.changedSlugs, { frontPage: true });
    done = result;
  } catch (error) {
    console.error(`margin: an admin's reader-data change could not be saved: ${errorMessage(error)}`);
    return { status: 'error', message: 'Nothing could be changed just now. Please try again in a moment.' };
  }
  redirect(`${page}?token=${encodeURIComponent(parsed.data.token)}&done=${change}&deleted=${done.deleted}&anonymised=${done.anonymised}`);
}

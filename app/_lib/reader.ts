import 'server-only';
import crypto from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { heldCookieMaxAge, heldCookieName, plainFormCookieName, readerCookieName, withHeldSlug } from '@/lib/cookies';
import { encodeSavedDetails, savedDetailsCookie, savedDetailsMaxAge, type SavedDetails } from '@/lib/saved-details';
import { clientAddressOf } from '@/server/client-stamp';

// Cookies that make a page personal to one browser. The proxy sends a reader whose held-list names
// this article to the personal page; everyone else gets the shared cached page.

const year = 365 * 86_400;
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

function secure(): boolean {
  return process.env.NODE_ENV === 'production' && (process.env.SITE_URL ?? '').startsWith('https:');
}

export async function getReaderToken(): Promise<string | null> {
  const token = (await cookies()).get(readerCookieName)?.value;
  return token && tokenPattern.test(token) ? token : null;
}

export async function ensureReaderToken(): Promise<string> {
  const existing = await getReaderToken();
  if (existing) return existing;
  const token = crypto.randomBytes(32).toString('base64url');
  (await cookies()).set(readerCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secure(),
    path: '/',
    maxAge: year,
  });
  return token;
}

export async function rememberHeldOn(slug: string, { plainForm }: { plainForm: boolean }): Promise<void> {
  const store = await cookies();
  const options = { sameSite: 'lax', secure: secure(), path: '/', maxAge: heldCookieMaxAge } as const;
  store.set(heldCookieName, withHeldSlug(store.get(heldCookieName)?.value, slug), { ...options, httpOnly: false });
  if (plainForm) store.set(plainFormCookieName, '1', { ...options, httpOnly: true });
}

export async function setSavedDetails(details: SavedDetails | null): Promise<void> {
  const store = await cookies();
  if (!details) {
    store.delete(savedDetailsCookie);
    return;
  }
  store.set(savedDetailsCookie, encodeSavedDetails(details), {
    httpOnly: false,
    sameSite: 'lax',
    secure: secure(),
    path: '/',
    maxAge: savedDetailsMaxAge,
  });
}

/** The address the connection proves (server/client-stamp.ts); never one the client names. */
export async function getClientAddress(): Promise<string> {
  return clientAddressOf(await headers());
}

export async function getUserAgent(): Promise<string | null> {
  return (await headers()).get('user-agent')?.slice(0, 500) ?? null;
}

export async function isScriptedRequest(): Promise<boolean> {
  return (await headers()).has('next-action');
}

'use server';

import { AuthError } from 'next-auth';
import { signIn, signOut } from '@/auth';
import { LoginInput, type LoginFormState } from '@/lib/schemas';

/** Only paths on this site: an open redirect would turn our login page into a phishing tool. */
function safeReturnPath(value: FormDataEntryValue | null): string {
  const path = typeof value === 'string' ? value : '';
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/admin';
}

const signInMessages = {
  wrong: 'The email or password is not right.',
  locked: 'Too many attempts from this device. Sign-in here is locked for 15 minutes; try again later.',
  wait: 'Many wrong attempts on this account. Wait 10 seconds, then try again.',
} as const;

export async function logIn(_previous: LoginFormState, formData: FormData): Promise<LoginFormState> {
  const parsed = LoginInput.safeParse({ email: formData.get('email'), password: formData.get('password') });
  const email = typeof formData.get('email') === 'string' ? String(formData.get('email')) : '';
  if (!parsed.success) return { status: 'error', message: 'Enter your email and password.', email };
  try {
    await signIn('credentials', {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeReturnPath(formData.get('callbackUrl')),
    });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      return { status: 'error', message: signInMessages[code === 'locked' || code === 'wait' ? code : 'wrong'], email };
    }
    throw error;
  }
  return { status: 'idle' };
}

export async function signOutModerator(): Promise<void> {
  await signOut({ redirectTo: '/login' });
}

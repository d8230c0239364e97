import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { LoginInput } from '@/lib/schemas';
import { dummyPasswordHash, verifyPassword } from '@/lib/password';
import { getServerSecret } from '@/lib/secret';
import {
  endSession,
  findModeratorCredentials,
  getActiveSession,
  readRecentLoginFailures,
  recordLoginFailure,
  startSession,
} from '@/db/queries/auth';
import { loginFailureKeys, loginVerdict } from '@/lib/login-throttle';
import { normalizeEmail } from '@/lib/email';
import { clientAddressOf } from '@/server/client-stamp';
import { loadConfig } from '@/lib/config';

export const sessionMaxAgeSeconds = 8 * 60 * 60;
class TooManyAttempts extends CredentialsSignin {
  override code = 'locked';
}

class AccountSlowedDown extends CredentialsSignin {
  override code = 'wait';
}

// Auth.js builds its addresses (the redirect after sign-in and sign-out) from AUTH_URL, else from
// the request's Host and X-Forwarded-* headers, which a client chooses: SITE_URL decides instead.
process.env.AUTH_URL = loadConfig().siteUrl;

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: getServerSecret(),
  trustHost: true,
  session: { strategy: 'jwt', maxAge: sessionMaxAgeSeconds },
  pages: { signIn: '/login' },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      // The /api/auth callback is public too, so the throttle lives here, not in the login form.
      async authorize(credentials, request) {
        const parsed = LoginInput.safeParse(credentials);
        const email = parsed.success ? normalizeEmail(parsed.data.email) : '';
        const client = clientAddressOf(request.headers);
        const keys = loginFailureKeys(email, client);
        const verdict = loginVerdict(await readRecentLoginFailures(keys), Date.now());
        if (verdict === 'locked') throw new TooManyAttempts();
        if (verdict === 'wait') throw new AccountSlowedDown();
        const user = parsed.success ? await findModeratorCredentials(email) : null;
        // An unknown email costs the same hash comparison as a wrong password.
        const matches = await verifyPassword(parsed.success ? parsed.data.password : '', user?.passwordHash ?? dummyPasswordHash);
        if (!user || !matches || user.disabled) {
          await recordLoginFailure(keys);
          return null;
        }
        const sessionId = await startSession(user.id, user.sessionVersion, sessionMaxAgeSeconds);
        return { id: String(user.id), name: user.name, email: user.email, sessionId };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) return { sub: user.id, sessionId: (user as { sessionId: string }).sessionId };
      // Checked on every request: sign-out, a disabled account or a new password end the session.
      const active = typeof token.sessionId === 'string' ? await getActiveSession(token.sessionId) : null;
      return active ? token : null;
    },
    session({ session, token }) {
      // app/_lib/session.ts reads the role and account from the database with this id.
      return { ...session, sessionId: token.sessionId };
    },
  },
  events: {
    async signOut(message) {
      const sessionId = 'token' in message ? message.token?.sessionId : undefined;
      if (typeof sessionId === 'string') await endSession(sessionId);
    },
  },
  logger: {
    error(error) {
      // A wrong password is not a server error; never log credentials or their stack.
      if ((error as Error & { type?: string }).type === 'CredentialsSignin') return;
      console.error('[auth]', (error as Error & { type?: string }).type ?? error.name, error.message);
    },
  },
});

import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getStaff } from '@/app/_lib/session';
import { LoginForm } from '@/app/login/_components/login-form';

export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };

export default async function LoginPage({ searchParams }: PageProps<'/login'>) {
  const { callbackUrl } = await searchParams;
  const returnTo = typeof callbackUrl === 'string' ? callbackUrl : '/admin';
  if (await getStaff()) redirect(returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/admin');
  return (
    <div className="login">
      <h1>Sign in</h1>
      <p>For Margin’s moderators.</p>
      <LoginForm callbackUrl={returnTo} />
    </div>
  );
}

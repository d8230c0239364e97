import { followOldAddress } from '@/app/_lib/old-address';

// WordPress's /?p=123, sent here by proxy.ts (the front page itself never reads its query).
export default async function PostNumberPage({ searchParams }: PageProps<'/old-address'>) {
  const { p } = await searchParams;
  return followOldAddress(typeof p === 'string' && /^\d+$/.test(p) ? `/?p=${p}` : '/old-address');
}

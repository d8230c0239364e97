import type { Metadata } from 'next';
import { ReaderDataView } from '@/components/reader-data-view';
import { getReaderData } from '@/db/queries/reader-data';
import { getSiteSettings } from '@/db/queries/settings';
import { checkAddressLink } from '@/lib/mail-links';
import { describeReaderDataResult, readerDataChanges, type ReaderDataChange } from '@/lib/reader-data';
import { BrokenLink } from '../../_components/broken-link';
import { changeYourData } from '../actions';

// No referrer: the token in this page's address must not follow a click to an article.
export const metadata: Metadata = { title: 'Your comments', robots: { index: false }, referrer: 'no-referrer' };

export default async function YourCommentsPage({ searchParams }: PageProps<'/email/your-data/comments'>) {
  const { token, done, deleted, anonymised } = await searchParams;
  const check = typeof token === 'string' ? checkAddressLink(token, 'data') : null;
  if (!check?.ok) {
    return (
      <BrokenLink
        reason={check?.reason}
        expired="This link has expired (links work for 24 hours). Ask for a new one at “Your comments and data”, linked at the foot of every page."
        otherwise="The link is incomplete or not valid. Copy the whole link from the email, or ask for a new one at “Your comments and data”."
      />
    );
  }
  const data = await getReaderData({ kind: 'reader' }, check.email);
  const { timeZone } = await getSiteSettings();
  const change = readerDataChanges.find((value) => value === done) as ReaderDataChange | undefined;
  const notice = change ? describeReaderDataResult(change, { deleted: Number(deleted) || 0, anonymised: Number(anonymised) || 0 }) : undefined;
  return (
    <div className="reader-data">
      <h1>Your comments</h1>
      <ReaderDataView data={data} token={token as string} action={changeYourData} downloadPath="/email/your-data/download" timeZone={timeZone} notice={notice} />
    </div>
  );
}

import type { Metadata } from 'next';
import { requireAdmin } from '@/app/_lib/session';
import { ReaderDataRequestForm } from '@/components/reader-data-request-form';
import { ReaderDataView } from '@/components/reader-data-view';
import { getReaderData } from '@/db/queries/reader-data';
import { getSiteSettings } from '@/db/queries/settings';
import { checkAddressLink } from '@/lib/mail-links';
import { describeReaderDataResult, readerDataChanges, type ReaderDataChange } from '@/lib/reader-data';
import { changeReaderDataAsAdmin, lookUpReaderData } from './actions';

export const metadata: Metadata = { title: 'Reader data', referrer: 'no-referrer' };

export default async function ReaderDataAdminPage({ searchParams }: PageProps<'/admin/reader-data'>) {
  const staff = await requireAdmin('/admin/reader-data');
  const { token, done, deleted, anonymised } = await searchParams;
  const check = typeof token === 'string' ? checkAddressLink(token, 'staff-data') : null;
  const data = check?.ok ? await getReaderData({ kind: 'staff', staff }, check.email) : null;
  const { timeZone } = await getSiteSettings();
  const change = readerDataChanges.find((value) => value === done) as ReaderDataChange | undefined;
  const notice = change ? describeReaderDataResult(change, { deleted: Number(deleted) || 0, anonymised: Number(anonymised) || 0 }) : undefined;
  return (
    <div className="moderators">
      <h1>Reader data</h1>
      <p>
        For a reader who asks by post or phone: the comments written with their address, in every state, to download, anonymise
        or delete. Readers can do this themselves at /email/your-data. Every look-up and change is logged.
      </p>
      <ReaderDataRequestForm action={lookUpReaderData} label="Reader’s email" submitLabel="Find their comments" />
      {check && !check.ok && <p role="status">That look-up has expired or is not valid: enter the address again.</p>}
      {data && (
        <ReaderDataView
          data={data}
          token={token as string}
          action={changeReaderDataAsAdmin}
          downloadPath="/admin/reader-data/download"
          timeZone={timeZone}
          notice={notice}
        />
      )}
    </div>
  );
}

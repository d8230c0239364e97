import type { Metadata } from 'next';
import { ReaderDataRequestForm } from '@/components/reader-data-request-form';
import { requestYourData } from './actions';

export const metadata: Metadata = { title: 'Your comments and data', robots: { index: false } };

export default function YourDataPage() {
  return (
    <div className="login">
      <h1>Your comments and data</h1>
      <p>
        Enter the email address you wrote comments with. We send it a link to a page that lists every comment written with it,
        where you can download them, anonymise them or delete them.
      </p>
      <ReaderDataRequestForm action={requestYourData} label="Email" submitLabel="Email me a link" />
      <p>The address is used only to send the link. An administrator can also do this for you if you write or call.</p>
    </div>
  );
}

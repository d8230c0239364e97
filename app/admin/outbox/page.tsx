import fs from 'node:fs/promises';
import path from 'node:path';
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireAdmin } from '@/app/_lib/session';
import { getOutboxFile, listOutbox } from '@/db/queries/mail';
import { getSiteSettings } from '@/db/queries/settings';
import { describeMailDelivery, loadConfig } from '@/lib/config';
import { formatDateTime } from '@/lib/format';

export const metadata: Metadata = { title: 'Outbox' };

/** A message written to the data folder (no SMTP_URL), read only from inside its outbox folder. */
async function readMessageFile(file: string): Promise<string | null> {
  const folder = path.join(loadConfig().dataDirectory, 'outbox');
  const full = path.resolve(folder, path.basename(file));
  try {
    return await fs.readFile(full, 'utf8');
  } catch {
    return null;
  }
}

export default async function OutboxPage({ searchParams }: PageProps<'/admin/outbox'>) {
  const staff = await requireAdmin('/admin/outbox');
  const { message } = await searchParams;
  const messageId = typeof message === 'string' && /^\d{1,10}$/.test(message) ? Number(message) : null;
  const file = messageId === null ? null : await getOutboxFile(staff, messageId);
  const shown = file ? await readMessageFile(file) : null;
  const entries = await listOutbox(staff);
  const { timeZone } = await getSiteSettings();
  return (
    <div className="moderators">
      <h1>Outbox</h1>
      <p>Now {describeMailDelivery(loadConfig())}. The newest 100 messages:</p>
      {shown !== null ? (
        <section aria-labelledby="message-title">
          <h2 id="message-title">Message {messageId}</h2>
          <pre style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{shown}</pre>
        </section>
      ) : messageId !== null ? (
        <p role="status">That message has no file here (it was sent by SMTP, or its file is gone).</p>
      ) : null}
      {entries.length === 0 ? (
        <p>No email yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Messages</caption>
          <thead>
            <tr>
              <th scope="col">Queued</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, timeZone)}</time>
                </td>
                <td>{entry.recipient}</td>
                <td>{entry.file ? <Link href={`/admin/outbox?message=${entry.id}`}>{entry.subject}</Link> : entry.subject}</td>
                <td>
                  {entry.status === 'sent'
                    ? 'Sent'
                    : entry.status === 'failed'
                      ? 'Given up'
                      : entry.status === 'digest'
                        ? 'Waiting for the hour’s digest'
                        : entry.status === 'digested'
                          ? 'In a digest'
                          : entry.attempts > 0
                            ? `Retrying (${entry.attempts} tries)`
                            : 'Waiting'}
                  {entry.lastError ? ` — ${entry.lastError}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

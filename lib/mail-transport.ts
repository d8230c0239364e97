import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { messageIdOf, type OutgoingMail } from './outbox';

// How a message leaves: to the mail server in SMTP_URL through nodemailer, or, without one, as an
// .eml file in the data folder (owner-only, written whole) that admins read at /admin/outbox.

export type MailTransport = {
  mode: 'smtp' | 'files';
  /** Sends one message; resolves with the file written (files mode), rejects when the mail server refuses. */
  send(message: OutgoingMail): Promise<{ file: string | null }>;
  close(): void;
};

const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, pool: true, maxConnections: 1 };

/** The folder of the data folder where .eml files are written. */
export const outboxFolder = 'outbox';

function mailOptions(message: OutgoingMail, from: string, siteHost: string) {
  return {
    from,
    to: message.recipient,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: messageIdOf(message.key, siteHost),
    headers: {
      // RFC 8058: a mail client may unsubscribe with one POST to this address, no page to visit.
      'List-Unsubscribe': `<${message.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    },
  };
}

export function createMailTransport(settings: { smtpUrl: string | null; mailFrom: string; siteUrl: string; dataDirectory: string }): MailTransport {
  const siteHost = new URL(settings.siteUrl).hostname;
  if (settings.smtpUrl) {
    // A mail server that stops answering fails a message within seconds (then the backoff), rather
    // than holding the sender for nodemailer's minutes; the operator may set others in SMTP_URL's query.
    const url = new URL(settings.smtpUrl);
    for (const [name, value] of Object.entries(smtpTimeouts)) if (!url.searchParams.has(name)) url.searchParams.set(name, String(value));
    const smtp = nodemailer.createTransport(url.href);
    return {
      mode: 'smtp',
      async send(message) {
        await smtp.sendMail(mailOptions(message, settings.mailFrom, siteHost));
        return { file: null };
      },
      close: () => smtp.close(),
    };
  }
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const folder = path.join(settings.dataDirectory, outboxFolder);
  return {
    mode: 'files',
    async send(message) {
      const info = await stream.sendMail(mailOptions(message, settings.mailFrom, siteHost));
      await fs.mkdir(folder, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.createHash('sha256').update(message.key).digest('hex').slice(0, 12)}.eml`;
      const temporary = path.join(folder, `.${name}.${process.pid}.tmp`);
      const handle = await fs.open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(info.message as Buffer);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, path.join(folder, name));
      return { file: path.posix.join(outboxFolder, name) };
    },
    close: () => stream.close(),
  };
}

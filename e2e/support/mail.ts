import { expect } from '@playwright/test';
import type { ReceivedMail, TestSmtpServer } from '../../lib/test-smtp';

// Reading what reached the test SMTP server (lib/test-smtp.ts), for the specs that follow email.

export function mailTo(smtp: TestSmtpServer, address: string): ReceivedMail[] {
  return smtp.received.filter((mail) => mail.envelopeTo.includes(address));
}

/** Waits until exactly `count` messages whose subject matches have reached `address`, and returns them. */
export async function waitForMail(smtp: TestSmtpServer, address: string, count: number, subject: RegExp): Promise<ReceivedMail[]> {
  const matching = () => mailTo(smtp, address).filter((mail) => subject.test(mail.subject ?? ''));
  await expect.poll(() => matching().length, { timeout: 15_000 }).toBe(count);
  return matching();
}

/** The first link to `path` (with what follows it) in the message's text. */
export function linkIn(mail: ReceivedMail, path: string): string {
  const found = new RegExp(`https?://\\S+${path.replace(/[/?]/g, '\\$&')}\\S+`).exec(mail.text ?? '');
  expect(found, `a ${path} link in: ${mail.text}`).not.toBeNull();
  return found![0];
}

/** The raw headers with folded lines unfolded, for matching one header per line. */
export function unfoldedRaw(mail: ReceivedMail): string {
  return mail.raw.replace(/\r?\n[ \t]+/g, ' ');
}

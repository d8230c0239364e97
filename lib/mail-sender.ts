// One round of the outbox's sender, with the data, the transport and the clock passed in (the
// server gives the data layer and nodemailer; tests a real database and a test SMTP server).
// Each message's attempt is counted before it goes out, so a sender that dies mid-send waits for
// the backoff before trying that message again; a refusal is tried again after the backoff.

import type { DueMessage } from './outbox';
import { errorMessage } from './error-message';

export type MailSenderDeps = {
  due(now: number): Promise<DueMessage[]>;
  startAttempt(id: number, now: number): Promise<boolean>;
  markSent(id: number, file: string | null, now: number): Promise<void>;
  markFailed(id: number, attempts: number, error: string, now: number): Promise<void>;
  send(message: DueMessage): Promise<{ file: string | null }>;
  now(): number;
  /** Asked before each message: false when this server no longer holds the sender's lease (the round stops). */
  stillSending?(): Promise<boolean>;
};

export async function sendDueMail(deps: MailSenderDeps): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const message of await deps.due(deps.now())) {
    if (deps.stillSending && !(await deps.stillSending())) break;
    if (!(await deps.startAttempt(message.id, deps.now()))) continue;
    const attempts = message.attempts + 1;
    let outcome: { file: string | null };
    try {
      outcome = await deps.send(message);
    } catch (error) {
      failed += 1;
      await deps.markFailed(message.id, attempts, errorMessage(error), deps.now());
      continue;
    }
    await deps.markSent(message.id, outcome.file, deps.now());
    sent += 1;
  }
  return { sent, failed };
}

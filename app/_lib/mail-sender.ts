import 'server-only';
import { claimLease } from '@/db/queries/leases';
import { listDueMessages, markFailed, markSent, startAttempt } from '@/db/queries/mail';
import { gatherDueDigests } from '@/db/queries/mail-digests';
import { loadConfig } from '@/lib/config';
import { sendDueMail } from '@/lib/mail-sender';
import { createMailTransport } from '@/lib/mail-transport';
import { serverName } from './shared-invalidation';
import { errorMessage } from '@/lib/error-message';

// The outbox's sender: every second, the server holding the `mail-sender` lease
// (db/queries/leases.ts) sends what is due. One server at a time; when it stops, its lease lapses
// and another takes the work over. Outside every request: a reader's post never waits for it.
// Before each round it gathers the digests whose hour is up (db/queries/mail-digests.ts).

const everyMs = 1_000;
const renewEveryMs = 20_000;
const leaseMs = 60_000;
const lease = 'mail-sender';

type SenderState = { timer: NodeJS.Timeout; running: boolean; heldUntil: number; nextClaimAt: number };
const holder = globalThis as typeof globalThis & { marginMailSender?: SenderState };

export function startMailSender(): void {
  if (holder.marginMailSender) return;
  const config = loadConfig();
  const transport = createMailTransport(config);
  // npm start prints which way email leaves (server/main.ts).
  const state: SenderState = { timer: setInterval(() => void round(), everyMs).unref(), running: false, heldUntil: 0, nextClaimAt: 0 };
  holder.marginMailSender = state;

  /** True while this server holds the lease; renews it when due, and asks again every few seconds when not held. */
  async function holdLease(): Promise<boolean> {
    const now = Date.now();
    if (now >= state.nextClaimAt) {
      const held = await claimLease(lease, serverName(), leaseMs, now);
      state.heldUntil = held ? now + leaseMs : 0;
      state.nextClaimAt = now + (held ? renewEveryMs : 5_000);
    }
    return Date.now() < state.heldUntil;
  }

  async function round(): Promise<void> {
    if (state.running) return;
    state.running = true;
    try {
      if (!(await holdLease())) return;
      // Digests whose hour is up become messages, sent in this round like any other.
      await gatherDueDigests();
      const { failed } = await sendDueMail({
        due: (at) => listDueMessages(at),
        startAttempt: (id, at) => startAttempt(id, at),
        markSent: (id, file, at) => markSent(id, file, at),
        markFailed: (id, attempts, error, at) => markFailed(id, attempts, error, at),
        send: (message) => transport.send(message),
        now: Date.now,
        // A slow mail server can make a round outlast the renewal time: renewed between messages too.
        stillSending: holdLease,
      });
      if (failed > 0) console.error(`margin: ${failed} email(s) could not be sent now; each is tried again later (see /admin/outbox)`);
    } catch (error) {
      console.error(`margin: the email sender could not run: ${errorMessage(error)}`);
    } finally {
      state.running = false;
    }
  }
}

// The outbox's rules, with the clock passed in: when a failed message is tried again, when it is
// given up, and how many confirmation emails one address or one client may cause.

/** Waits after the 1st, 2nd… failure: 30 s doubling to at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * While a message is being sent, no sender picks it up again: longer than the SMTP timeouts
 * (lib/mail-transport.ts), so only a sender that died mid-send lets it go out again, this long after.
 */
export const attemptHoldMs = 120_000;

/** After this many failed attempts (about a day of retries) a message is marked failed. */
export const maxAttempts = 30;

export const confirmationLimits = {
  /** Confirmation emails one address may receive in a day. */
  perAddressPerDay: 3,
  /** None sooner than this after the last one to the same address. */
  perAddressGapMs: 10 * 60_000,
  /** Confirmation emails one client address may cause in an hour. */
  perClientPerHour: 5,
} as const;

/** The Message-ID of a message: from its key, so that a resend (after a crash mid-send) is recognisably the same message. */
export function messageIdOf(key: string, siteHost: string): string {
  return `<${key.replace(/[^A-Za-z0-9.-]/g, '-')}@${siteHost}>`;
}

/** A message as it leaves: whom to, what it says, and its one-click unsubscribe address. */
export type OutgoingMail = {
  key: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string;
};

/** A queued message the sender may send now. */
export type DueMessage = OutgoingMail & { id: number; attempts: number };

/**
 * Notifications one address receives in a clock hour (UTC): past this, the further ones of that
 * hour wait, and one digest gathers them when the hour is up. The digest counts in the hour it is sent.
 */
export const notificationsPerRecipientPerHour = 5;

const hourMs = 3_600_000;

/** The start of the clock hour `now` is in. */
export function hourStartOf(now: number): number {
  return Math.floor(now / hourMs) * hourMs;
}

/** When a notification held back at `now` goes out in its digest: the end of that hour. */
export function digestDueAt(now: number): number {
  return hourStartOf(now) + hourMs;
}

/** A digest shows at most this many; the rest are named by their number (and wait in the queue). */
export const digestMostEntries = 50;

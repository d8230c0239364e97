// The sign-in throttle's one rule. Failed attempts are counted in the last 15 minutes per key: the
// account with the client it came from, the client alone, and the account from anywhere.
//
// A stranger must not be able to lock an editor out of their own device: only the account's
// failures from one client lock it, for that client. The account's failures from everywhere
// together slow the account down instead (one attempt per interval, from any client), which keeps
// guessing from many addresses as slow as from one, and lets the owner in a few seconds later.

export const loginThrottle = {
  windowMs: 15 * 60_000,
  /** Failures of one account from one client that lock that client out of that account. */
  pairLimit: 5,
  /** Failures from one client, on any accounts, that lock it out of all. */
  clientLimit: 20,
  /** Failures of one account from anywhere after which it takes one attempt per interval. */
  accountSlowAfter: 5,
  accountIntervalMs: 10_000,
} as const;

export type LoginFailureKeys = { pair: string; client: string; account: string };

export function loginFailureKeys(email: string, client: string): LoginFailureKeys {
  return { pair: `account+client:${email}|${client}`, client: `client:${client}`, account: `account:${email}` };
}

export type RecentLoginFailures = { pair: number; client: number; account: number; lastAccountFailure: Date | null };

export type LoginVerdict = 'try' | 'locked' | 'wait';

export function loginVerdict(failures: RecentLoginFailures, now: number): LoginVerdict {
  if (failures.pair >= loginThrottle.pairLimit || failures.client >= loginThrottle.clientLimit) return 'locked';
  const sinceLast = failures.lastAccountFailure ? now - failures.lastAccountFailure.getTime() : Infinity;
  if (failures.account >= loginThrottle.accountSlowAfter && sinceLast < loginThrottle.accountIntervalMs) return 'wait';
  return 'try';
}

import type { Verdict } from './comment-policy';
import type { DiscussionSettings } from './settings';

// The surge switch: for a while, on one article or the whole site, every comment is held, comments
// close at a time, or a reader may post only once in a longer interval (slow mode). One rule, read
// from the surges' times at every check, so an effect ends exactly at its time whether or not any
// timer ran: the posting path, the article page and the admin pages all ask this module.

export const surgeKinds = ['hold', 'close', 'slow'] as const;
export type SurgeKind = (typeof surgeKinds)[number];

export const surgeKindLabels: Record<SurgeKind, string> = {
  hold: 'Hold every comment for review',
  close: 'Close comments',
  slow: 'Slow mode',
};

/** A surge as the rule reads it (times in ms). */
export type SurgeRule = {
  kind: SurgeKind;
  /** null: the whole site. */
  articleId: number | null;
  /** Slow mode: seconds between two comments of one client or email. */
  value: number | null;
  startsAt: number;
  endsAt: number;
  /** One server has dealt with its end (emptied the pages; for close, closed the comments), or it was ended early. */
  endHandled: boolean;
};

export function isSurgeActive(surge: Pick<SurgeRule, 'startsAt' | 'endsAt'>, now: number): boolean {
  return surge.startsAt <= now && now < surge.endsAt;
}

/** What the surges on an article (its own and the site's) do to it now. */
export type SurgeEffect = {
  /** Every comment is held until then. */
  holdUntil: number | null;
  /** Slow mode: the longest interval in force, and until when it lasts. */
  slow: { seconds: number; until: number } | null;
  /** Comments close at this time (the earliest close still to come). */
  closesAt: number | null;
  /** A close surge's time has come and no server has closed the article's comments yet: closed now. */
  closed: boolean;
};

export const noSurge: SurgeEffect = { holdUntil: null, slow: null, closesAt: null, closed: false };

export function surgeEffect(surges: readonly SurgeRule[], articleId: number, now: number): SurgeEffect {
  const effect: SurgeEffect = { ...noSurge };
  for (const surge of surges) {
    if (surge.articleId !== null && surge.articleId !== articleId) continue;
    if (surge.kind === 'close') {
      if (isSurgeActive(surge, now)) effect.closesAt = Math.min(effect.closesAt ?? Infinity, surge.endsAt);
      else if (surge.startsAt <= now && !surge.endHandled) effect.closed = true;
      continue;
    }
    if (!isSurgeActive(surge, now)) continue;
    if (surge.kind === 'hold') effect.holdUntil = Math.max(effect.holdUntil ?? 0, surge.endsAt);
    if (surge.kind === 'slow' && surge.value !== null) {
      const slow = effect.slow;
      if (!slow || surge.value > slow.seconds || (surge.value === slow.seconds && surge.endsAt > slow.until)) {
        effect.slow = { seconds: surge.value, until: surge.endsAt };
      }
    }
  }
  return effect;
}

/** The flood limits with slow mode's interval when it is longer than the setting's. */
export function surgeFloodLimits<Limits extends Pick<DiscussionSettings, 'floodSeconds'>>(limits: Limits, effect: SurgeEffect): Limits {
  if (!effect.slow || effect.slow.seconds <= limits.floodSeconds) return limits;
  return { ...limits, floodSeconds: effect.slow.seconds };
}

/** While every comment is held, a comment the settings would publish is held instead (spam stays spam). */
export function surgeVerdict(verdict: Verdict, effect: SurgeEffect): Verdict {
  if (effect.holdUntil === null || verdict.status !== 'approved') return verdict;
  return { status: 'pending', heldReason: 'surge: every comment is held for review' };
}

/** "45 seconds", "2 minutes", "1 minute 30 seconds". */
export function describeInterval(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes === 0) return part(rest, 'second');
  return rest === 0 ? part(minutes, 'minute') : `${part(minutes, 'minute')} ${part(rest, 'second')}`;
}

const clockFormatters = new Map<string, { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat }>();

/** "14:30" in the site's zone, or "4 December, 14:30" when that is not today there. */
export function formatSurgeTime(at: number, now: number, timeZone: string): string {
  let found = clockFormatters.get(timeZone);
  if (!found) {
    found = {
      time: new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }),
      day: new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long' }),
    };
    clockFormatters.set(timeZone, found);
  }
  const time = found.time.format(at);
  return found.day.format(at) === found.day.format(now) ? time : `${found.day.format(at)}, ${time}`;
}

/** What readers of the article are told, in the site's zone. */
export function surgeNotices(effect: SurgeEffect, now: number, timeZone: string): string[] {
  const at = (time: number) => formatSurgeTime(time, now, timeZone);
  const notices: string[] = [];
  if (effect.closed) return notices;
  if (effect.closesAt !== null) notices.push(`Comments close at ${at(effect.closesAt)}.`);
  if (effect.holdUntil !== null) notices.push(`Every comment is held for review until ${at(effect.holdUntil)}.`);
  if (effect.slow) notices.push(`Slow mode: one comment per ${describeInterval(effect.slow.seconds)} until ${at(effect.slow.until)}.`);
  return notices;
}

/** What a reader is told when slow mode refuses their post. */
export function slowModeMessage(effect: SurgeEffect, now: number, timeZone: string): string {
  const slow = effect.slow!;
  return `Slow mode is on: one comment per ${describeInterval(slow.seconds)} until ${formatSurgeTime(slow.until, now, timeZone)}. Please wait a little before posting again: your text is still here.`;
}

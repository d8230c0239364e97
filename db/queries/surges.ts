import 'server-only';
import { and, asc, desc, eq, gt, isNull, lte, min, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { first, getDb } from '@/db/index';
import type { Db } from '@/db/handle';
import { articles, surges, users } from '@/db/schema';
import { write } from '@/db/writer';
import { assertAllowed, type Staff } from '@/lib/accounts';
import { isPublicArticle } from './public-article';
import { surgeEffect, type SurgeEffect, type SurgeKind, type SurgeRule } from '@/lib/surge';

// The surge switch's data (lib/surge.ts holds the rule). Readers' pages and the posting path read
// SurgeRule rows; staff start, end and list surges, each function checking the role itself. The
// row is the surge's log: who started it and when, and who ended it early, or nobody (its time came).

/** The surges that can still change what happens on this article (its own and the site's): in force, to come, or a close whose time came and that no server has applied yet. */
export async function surgeRulesFor(articleId: number, now = Date.now(), db: Db = getDb()): Promise<SurgeRule[]> {
  const rows = await db
    .select({
      kind: surges.kind,
      articleId: surges.articleId,
      value: surges.value,
      startsAt: surges.startsAt,
      endsAt: surges.endsAt,
      endHandledAt: surges.endHandledAt,
    })
    .from(surges)
    .where(
      and(
        or(eq(surges.articleId, articleId), isNull(surges.articleId)),
        or(gt(surges.endsAt, new Date(now)), and(eq(surges.kind, 'close'), isNull(surges.endHandledAt))),
      ),
    );
  return rows.map(({ startsAt, endsAt, endHandledAt, ...row }) => ({
    ...row,
    startsAt: startsAt.getTime(),
    endsAt: endsAt.getTime(),
    endHandled: endHandledAt !== null,
  }));
}

export type NewSurge = { kind: SurgeKind; articleId: number | null; durationMs: number; value: number | null };

/** Where a surge applies: one article's pages, or every article's. */
export type SurgeScope = { slug: string } | 'site';

export async function startSurge(
  staff: Staff,
  input: NewSurge,
  now = Date.now(),
): Promise<{ result: 'started'; id: number; scope: SurgeScope; endsAt: number } | { result: 'no-article' }> {
  assertAllowed(staff, 'moderate');
  return write(async (tx) => {
    let scope: SurgeScope = 'site';
    if (input.articleId !== null) {
      const article = await first(tx.select({ slug: articles.slug }).from(articles).where(eq(articles.id, input.articleId)));
      if (!article) return { result: 'no-article' as const };
      scope = { slug: article.slug };
    }
    const endsAt = now + input.durationMs;
    const row = await first(
      tx
        .insert(surges)
        .values({
          kind: input.kind,
          articleId: input.articleId,
          value: input.kind === 'slow' ? input.value : null,
          startsAt: new Date(now),
          endsAt: new Date(endsAt),
          createdBy: staff.id,
          createdAt: new Date(now),
        })
        .returning({ id: surges.id }),
    );
    return { result: 'started' as const, id: row!.id, scope, endsAt };
  });
}

/**
 * Ends a surge now ("End now"): its end time becomes now and its ender is recorded. A close
 * surge ended before its time is called off: comments stay open. Compare-and-set: a surge already
 * over is left as it was.
 */
export async function endSurgeNow(
  staff: Staff,
  surgeId: number,
  now = Date.now(),
): Promise<{ result: 'ended'; scope: SurgeScope } | { result: 'already-over' }> {
  assertAllowed(staff, 'moderate');
  return write(async (tx) => {
    const row = await first(
      tx
        .update(surges)
        .set({ endsAt: new Date(now), endedBy: staff.id, endHandledAt: new Date(now) })
        .where(and(eq(surges.id, surgeId), gt(surges.endsAt, new Date(now))))
        .returning({ articleId: surges.articleId }),
    );
    if (!row) return { result: 'already-over' as const };
    return { result: 'ended' as const, scope: await scopeOf(tx, row.articleId) };
  });
}

async function scopeOf(tx: Db, articleId: number | null): Promise<SurgeScope> {
  if (articleId === null) return 'site';
  const article = await first(tx.select({ slug: articles.slug }).from(articles).where(eq(articles.id, articleId)));
  return article ? { slug: article.slug } : 'site';
}

/** The earliest end no server has dealt with yet (possibly past), or null: when the surge timer wakes. */
export async function nextSurgeEnd(): Promise<number | null> {
  const row = await first(getDb().select({ at: min(surges.endsAt) }).from(surges).where(isNull(surges.endHandledAt)));
  const at = row?.at as Date | number | string | null | undefined;
  if (at === null || at === undefined) return null;
  return at instanceof Date ? at.getTime() : typeof at === 'number' ? at : new Date(at).getTime();
}

export type EndedSurge = { id: number; kind: SurgeKind; scope: SurgeScope };

/**
 * The surges whose time has come, dealt with once (compare-and-set on end_handled_at): a close
 * surge closes comments (its article's, or every article's) as if closed by hand. Called by the
 * one server that holds the surge timer's lease; returns what changed so its pages can be emptied.
 */
export async function handleDueSurgeEnds(now = Date.now()): Promise<EndedSurge[]> {
  return write(async (tx): Promise<EndedSurge[]> => {
    const due = await tx
      .update(surges)
      .set({ endHandledAt: new Date(now) })
      .where(and(isNull(surges.endHandledAt), lte(surges.endsAt, new Date(now))))
      .returning({ id: surges.id, kind: surges.kind, articleId: surges.articleId });
    const ended: EndedSurge[] = [];
    for (const surge of due) {
      if (surge.kind === 'close') {
        await tx
          .update(articles)
          .set({ commentsOpen: false, updatedAt: new Date(now) })
          .where(surge.articleId === null ? eq(articles.commentsOpen, true) : and(eq(articles.id, surge.articleId), eq(articles.commentsOpen, true)));
      }
      ended.push({ id: surge.id, kind: surge.kind, scope: await scopeOf(tx, surge.articleId) });
    }
    return ended;
  });
}

export type SurgeListItem = {
  id: number;
  kind: SurgeKind;
  /** null: the whole site. */
  article: { id: number; headline: string; slug: string } | null;
  value: number | null;
  startsAt: string;
  endsAt: string;
  startedBy: string | null;
  /** Who pressed End now; null when it ran (or runs) to its time. */
  endedBy: string | null;
  active: boolean;
};

const enders = alias(users, 'ender');

/**
 * Surges in force or to come, then the most recent that ended (at most `recent`), for the Surge
 * panels and /admin/surge; only one article's (and the site's) when `articleId` is given.
 */
export async function listSurges(
  staff: Staff,
  { articleId, recent = 20, now = Date.now() }: { articleId?: number; recent?: number; now?: number } = {},
): Promise<SurgeListItem[]> {
  assertAllowed(staff, 'moderate');
  const columns = {
    id: surges.id,
    kind: surges.kind,
    articleId: surges.articleId,
    headline: articles.headline,
    slug: articles.slug,
    value: surges.value,
    startsAt: surges.startsAt,
    endsAt: surges.endsAt,
    startedBy: users.name,
    endedBy: enders.name,
  };
  const scope = articleId === undefined ? undefined : or(eq(surges.articleId, articleId), isNull(surges.articleId));
  const query = () =>
    getDb()
      .select(columns)
      .from(surges)
      .leftJoin(articles, eq(articles.id, surges.articleId))
      .leftJoin(users, eq(users.id, surges.createdBy))
      .leftJoin(enders, eq(enders.id, surges.endedBy));
  const nowDate = new Date(now);
  const inForce = await query().where(and(scope, gt(surges.endsAt, nowDate))).orderBy(asc(surges.endsAt), asc(surges.id));
  const ended = recent > 0 ? await query().where(and(scope, lte(surges.endsAt, nowDate))).orderBy(desc(surges.endsAt), desc(surges.id)).limit(recent) : [];
  return [...inForce, ...ended].map((row) => ({
    id: row.id,
    kind: row.kind,
    article: row.articleId !== null && row.slug !== null && row.headline !== null ? { id: row.articleId, headline: row.headline, slug: row.slug } : null,
    value: row.value,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    startedBy: row.startedBy,
    endedBy: row.endedBy,
    active: row.startsAt.getTime() <= now && now < row.endsAt.getTime(),
  }));
}

/** The ids of surges in force, for tests and logs. */
export async function activeSurgeIds(now = Date.now()): Promise<number[]> {
  const rows = await getDb()
    .select({ id: surges.id })
    .from(surges)
    .where(and(lte(surges.startsAt, new Date(now)), gt(surges.endsAt, new Date(now))));
  return rows.map((row) => row.id);
}


/** The articles a surge can be started on from the queue and /admin/surge: the 30 newest public ones, where discussions are alive. */
export async function listSurgeArticleChoices(staff: Staff, now = Date.now()): Promise<{ id: number; headline: string }[]> {
  assertAllowed(staff, 'moderate');
  return getDb()
    .select({ id: articles.id, headline: articles.headline })
    .from(articles)
    .where(isPublicArticle(now))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(30);
}

/** What the surges do to this article at `now` (lib/surge.ts), and that moment, for the notice's words. */
export async function getSurgeEffect(articleId: number, now = Date.now()): Promise<{ effect: SurgeEffect; now: number }> {
  return { effect: surgeEffect(await surgeRulesFor(articleId, now), articleId, now), now };
}

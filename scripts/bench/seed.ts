import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../db/connection';
import { launchArticle } from '../../db/seed';
import { plainTextOf } from '../../lib/article-body';
import { parseArticleText } from '../../lib/article-text';
import { progress } from './ui';

// A synthetic news site of its own for the bench: articles, threads, a big moderation queue.
// Everything goes in with prepared statements inside large transactions.

export type SeedOptions = {
  file: string;
  secret: string;
  articles: number;
  comments: number;
  hotComments: number;
  secondComments: number;
  pending: number;
  /** Drafts kept for publish → visible. */
  drafts: number;
  /** The deep thread: approved comments and held ones on one article of its own. */
  deepComments: number;
  deepHeld: number;
};

export type SeedResult = {
  hot: { id: number; slug: string };
  /** The biggest section's slug, for the section page. */
  section: string;
  /** Drafts an editor publishes, for publish → visible. */
  drafts: { id: number; headline: string }[];
  second: { id: number; slug: string };
  /** An article with no comments, used for the approval measurement. */
  quiet: { id: number; slug: string };
  /** A reader with a held comment of their own on the hot article. */
  reader: { token: string };
  /** The deep thread's article, its approved comments' ids oldest first, and one held comment. */
  deep: { id: number; slug: string; approvedIds: number[]; heldId: number | null };
  counts: { articles: number; comments: number; approved: number; pending: number; spam: number; trash: number };
  seconds: number;
};

const firstNames = ['Ada', 'Ben', 'Chloe', 'Dev', 'Eve', 'Farah', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kai', 'Lena', 'Milo', 'Nia', 'Omar', 'Pia'];
const lastNames = ['Adams', 'Brown', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Jones', 'Khan', 'Lopez'];
const words = (
  'the government said on tuesday that talks would continue next week although several ministers ' +
  'remain unconvinced by the proposal which critics describe as too little too late for the region ' +
  'and its people who have waited years for a clear answer on security trade and the economy'
).split(' ');

/** A small deterministic generator, so two runs with the same flags build the same site. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function readerKeyOf(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function seedDatabase(options: SeedOptions): SeedResult {
  const started = performance.now();
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(options.file + suffix, { force: true });
  // The app's own opening: migrations and the launch article.
  const { sqlite } = openDatabase(options.file);
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -200000');

  const random = rng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const sentence = (min: number, max: number) => {
    const n = min + Math.floor(random() * (max - min));
    const text = Array.from({ length: n }, () => pick(words)).join(' ');
    return text[0]!.toUpperCase() + text.slice(1) + '.';
  };
  const avatarKey = (email: string) =>
    crypto.createHmac('sha256', options.secret).update(`avatar\0${email}`).digest('hex').slice(0, 16);

  const launch = parseArticleText(fs.readFileSync(launchArticle.file, 'utf8'));
  const body = JSON.stringify(launch.blocks);
  const now = Date.now();
  const day = 86_400_000;

  // A newsroom's sections and reporters: every article has one section and one or two bylines.
  const sectionNames = ['World', 'Politics', 'Business', 'Science', 'Culture', 'Sport', 'Opinion', 'Technology'];
  const insertSection = sqlite.prepare('insert into sections (slug, name, position) values (?, ?, ?)');
  const sectionIds = sectionNames.map((name, position) => Number(insertSection.run(name.toLowerCase(), name, position).lastInsertRowid));
  const reporters = lastNames.flatMap((last) => firstNames.slice(0, 3).map((first) => `${first} ${last}`));
  const insertByline = sqlite.prepare('insert into article_bylines (article_id, position, name, author_slug) values (?, ?, ?, ?)');
  // Bodies of their own, so search ranks real differences: a few paragraphs of the word list,
  // each article with a rarer word of its own (one of 500).
  const paragraphsOf = (i: number) => [
    sentence(20, 40),
    `${sentence(10, 20).slice(0, -1)} near harbour${i % 500}.`,
    sentence(20, 40),
    sentence(15, 30),
  ];

  // Articles: the hot one is the newest, the second next; one every six hours going back.
  const insertArticle = sqlite.prepare(
    `insert into articles (slug, headline, standfirst, body, body_text, author, status, published_at, first_published_at,
       comments_open, section_id, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const articleIds: number[] = [];
  const articleTimes: number[] = [];
  const bar = progress('seeding articles', options.articles);
  sqlite.transaction(() => {
    for (let i = 0; i < options.articles; i++) {
      const published = now - (i + 1) * (day / 4);
      const slug = i === 0 ? 'bench-hot-article' : i === 1 ? 'bench-second-article' : `bench-article-${i}`;
      const headline = i === 0 ? launch.headline : `${sentence(5, 10).slice(0, -1)} (${i})`;
      const paragraphs = i === 0 ? null : paragraphsOf(i);
      const info = insertArticle.run(
        slug,
        headline,
        sentence(15, 30),
        paragraphs ? JSON.stringify(paragraphs.map((text) => ({ type: 'paragraph', text }))) : body,
        paragraphs ? paragraphs.join('\n') : plainTextOf(launch.blocks),
        i === 0 ? pick(lastNames) : null,
        'published',
        published,
        published,
        sectionIds[i % sectionIds.length]!,
        published,
      );
      const id = Number(info.lastInsertRowid);
      if (i > 0) {
        const names = random() < 0.2 ? [pick(reporters), pick(reporters)] : [pick(reporters)];
        [...new Set(names)].forEach((name, position) => insertByline.run(id, position, name, name.toLowerCase().replace(/[^a-z0-9]+/g, '-')));
      }
      articleIds.push(id);
      articleTimes.push(published);
      if (i % 100 === 0) bar.update(i);
    }
  })();
  bar.done();
  const drafts = sqlite.transaction(() =>
    Array.from({ length: options.drafts }, (_, k) => {
      const headline = `Bench draft ${k + 1}: ${sentence(4, 8).slice(0, -1)}`;
      const text = sentence(20, 40);
      const info = insertArticle.run(`bench-draft-${k + 1}`, headline, sentence(10, 20), JSON.stringify([{ type: 'paragraph', text }]), text, null, 'draft', now, null, sectionIds[0]!, now);
      const id = Number(info.lastInsertRowid);
      insertByline.run(id, 0, 'Bench Admin', 'bench-admin');
      return { id, headline };
    }),
  )();
  // The deep thread's article: a story of the past week, kept out of the random picks below.
  const deepPublished = now - 5 * day;
  const deepArticleId = Number(
    insertArticle.run('bench-deep-thread', `A long debate: ${sentence(5, 9).slice(0, -1)}`, sentence(15, 30), JSON.stringify(paragraphsOf(1).map((text) => ({ type: 'paragraph', text }))), paragraphsOf(1).join('\n'), null, 'published', deepPublished, deepPublished, sectionIds[0]!, deepPublished).lastInsertRowid,
  );
  const hot = { id: articleIds[0]!, slug: 'bench-hot-article' };
  const second = { id: articleIds[1]!, slug: 'bench-second-article' };
  const quiet = { id: articleIds[2]!, slug: 'bench-article-2' };

  const insertComment = sqlite.prepare(
    `insert into comments (id, article_id, parent_id, author_name, author_email, author_url, avatar_key, reader_key, body,
       status, held_reason, is_staff, ip, user_agent, approved_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
  );
  const people = Array.from({ length: 5000 }, (_, i) => {
    const name = `${pick(firstNames)} ${pick(lastNames)}`;
    const email = `reader${i}@example.test`;
    return { name, email, avatar: avatarKey(email), ip: `10.${i % 250}.${(i >> 8) % 250}.${i % 200 + 1}` };
  });
  const userAgent = 'Mozilla/5.0 (X11; Linux x86_64) bench';

  let nextId = 1;
  const counts = { articles: options.articles + 2, comments: 0, approved: 0, pending: 0, spam: 0, trash: 0 };
  type Status = 'approved' | 'pending' | 'spam' | 'trash';
  const add = (articleIndex: number, status: Status, parentId: number | null, readerKey: string | null = null, at?: number, articleId?: number) => {
    const person = pick(people);
    const created = at ?? articleTimes[articleIndex]! + Math.floor(random() * (day / 4));
    const id = nextId++;
    insertComment.run(
      id,
      articleId ?? articleIds[articleIndex]!,
      parentId,
      person.name,
      person.email,
      random() < 0.1 ? 'https://example.test/blog' : null,
      person.avatar,
      readerKey,
      sentence(12, 60) + (random() < 0.3 ? '\n\n' + sentence(10, 40) : ''),
      status,
      status === 'pending' ? 'every comment is held for review' : status === 'spam' ? 'forged form token (bot)' : null,
      person.ip,
      userAgent,
      status === 'approved' ? created : null,
      created,
      created,
    );
    counts.comments++;
    counts[status]++;
    return id;
  };

  // Threads: about a third start a thread, the rest reply to an earlier comment. Times rise with
  // the order, so that every reply comes after its parent (the page drops replies to unseen parents).
  const thread = (articleIndex: number, n: number) => {
    const ids: number[] = [];
    const start = articleTimes[articleIndex]!;
    for (let i = 0; i < n; i++) {
      const parent = ids.length > 0 && random() < 0.65 ? ids[Math.floor(random() * ids.length)]! : null;
      ids.push(add(articleIndex, 'approved', parent, null, start + 60_000 + i * 30_000));
    }
  };

  const reader = { token: crypto.randomBytes(32).toString('base64url') };
  const total = options.comments;
  const cbar = progress('seeding comments', total);
  const batch = 20_000;
  let done = 0;
  const step = (fn: () => void) => {
    fn();
    done++;
    if (done % 5000 === 0) cbar.update(done);
  };
  let pendingLeft = Math.max(0, options.pending - 1);
  let restLeft = Math.max(0, total - options.hotComments - options.secondComments - options.pending);
  // Build the plan in batches of one transaction each.
  sqlite.transaction(() => {
    thread(0, options.hotComments);
    if (articleIds.length > 1) thread(1, options.secondComments);
    // The held comment of our personalised reader, on the hot article.
    add(0, 'pending', null, readerKeyOf(reader.token));
    done += options.hotComments + options.secondComments + 1;
  })();
  const others = Math.max(1, articleIds.length - 3);
  while (pendingLeft > 0 || restLeft > 0) {
    sqlite.transaction(() => {
      for (let i = 0; i < batch && (pendingLeft > 0 || restLeft > 0); i++) {
        // Pending comments over every article except the hot ones' public threads (a few on them too).
        const articleIndex = articleIds.length > 3 ? 3 + Math.floor(random() * others) : articleIds.length - 1;
        if (pendingLeft > 0 && (restLeft === 0 || random() < options.pending / (options.pending + restLeft + 1))) {
          step(() => add(random() < 0.01 ? 0 : articleIndex, 'pending', null));
          pendingLeft--;
        } else {
          const r = random();
          const status: Status = r < 0.9 ? 'approved' : r < 0.97 ? 'spam' : 'trash';
          step(() => add(articleIndex, status, null));
          restLeft--;
        }
      }
    })();
  }
  cbar.done();

  // The deep thread: a debate that ran for days. A third start a thread, the rest answer one of
  // the hundred comments before them; held comments (a spam run, a moderator away) are half new
  // threads, half replies, interleaved in time.
  const deep = { id: deepArticleId, slug: 'bench-deep-thread', approvedIds: [] as number[], heldId: null as number | null };
  {
    const total = options.deepComments + options.deepHeld;
    const dbar = progress('seeding the deep thread', total);
    let approvedLeft = options.deepComments;
    let heldLeft = options.deepHeld;
    const spacing = Math.max(1, Math.floor((4 * day) / Math.max(1, total)));
    for (let at = deepPublished + 60_000, k = 0; approvedLeft > 0 || heldLeft > 0; k++) {
      sqlite.transaction(() => {
        for (let i = 0; i < batch && (approvedLeft > 0 || heldLeft > 0); i++, at += spacing) {
          const recent = deep.approvedIds.slice(-100);
          const parent = () => (recent.length > 0 && random() < 0.65 ? recent[Math.floor(random() * recent.length)]! : null);
          if (heldLeft > 0 && (approvedLeft === 0 || random() < heldLeft / (heldLeft + approvedLeft))) {
            const id = add(0, 'pending', random() < 0.5 ? null : parent(), null, at, deepArticleId);
            deep.heldId ??= id;
            heldLeft--;
          } else {
            deep.approvedIds.push(add(0, 'approved', parent(), null, at, deepArticleId));
            approvedLeft--;
          }
        }
      })();
      dbar.update(Math.min(total, (k + 1) * batch));
    }
    dbar.done();
  }

  // The bench posts the moment it has a form: no bot timer, and no ceiling on comments held a
  // minute, which a posting round passes in seconds (both reported in the output). The flood
  // limits keep their defaults; every post comes from a reader of its own (post-load.ts).
  const setting = sqlite.prepare('insert into settings (key, value) values (?, ?) on conflict(key) do update set value = excluded.value');
  setting.run('minSecondsBeforePost', JSON.stringify(0));
  setting.run('pendingPerMinute', JSON.stringify(0));
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return { hot, section: 'world', drafts, second, quiet, reader, deep, counts, seconds: (performance.now() - started) / 1000 };
}

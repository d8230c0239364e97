import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { openTemporaryDatabase, runSql, sqlRows, testDatabaseKind } from '@/db/test-database';

// DESIGN.md: "No query on a public page scans the comments table", on PostgreSQL (SQLite's plans:
// db/query-plans.test.ts). The statements the data layer really runs, recorded from the pool, each
// EXPLAINed with the values it bound.
//
// PostgreSQL rightly reads a small table whole rather than through an index, and which it picks
// follows the table's size: on this seed it already reads comments and the moderation log through
// their indexes, but not the 1,200 reports. So each statement is explained with enable_seqscan off
// (SET LOCAL, in a transaction rolled back): the planner then reads a table whole only when no
// index can serve the statement, so a Seq Scan left in the plan is a missing index. An index walked
// end to end (no Index Cond, not a partial index) reads every row too, and counts as a full scan.
// What this cannot tell is whether an index is selective enough: the front page and search say
// which index they must use.

const skip = testDatabaseKind === 'postgres' ? false : "PostgreSQL's plans: MARGIN_TEST_DATABASE=postgres (npm run test:unit:postgres)";

await openTemporaryDatabase('postgres-query-plans');
const { getPostgres } = await import('@/db/index');
const { getArticleBySlug } = await import('@/db/queries/articles');
const { readModerationQueue } = await import('@/db/queries/moderation-queue');
const { listLatestStories } = await import('@/db/queries/stories');
const { searchArticles } = await import('@/db/queries/search');
const { publicPageCalls, queueFilters } = await import('@/db/query-plan-calls');

type Recorded = { text: string; values: unknown[] };
/** A node of EXPLAIN (FORMAT JSON)'s plan tree. */
type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
};

const slug = 'starmer-us-security-guarantee';
const articleCount = 2_000;
const commentCount = 20_000;
const bigTables = new Set(['comments', 'reports', 'moderation_log']);
let articleId = 0;
let partialIndexes = new Set<string>();
const publicCalls = await publicPageCalls(slug, () => articleId);

/** Every statement the data layer sends through the pool while `run` runs. */
async function recordStatements(run: () => Promise<unknown>): Promise<Recorded[]> {
  const pool = getPostgres().pool;
  const recorded: Recorded[] = [];
  const query = pool.query;
  pool.query = function (this: pg.Pool, config: string | pg.QueryConfig, values?: unknown[]) {
    recorded.push({ text: typeof config === 'string' ? config : config.text, values: values ?? (typeof config === 'string' ? [] : (config.values ?? [])) });
    return (query as (...args: unknown[]) => unknown).call(this, config, values);
  } as typeof pool.query;
  try {
    await run();
  } finally {
    pool.query = query;
  }
  return recorded;
}

/** The plan PostgreSQL makes for a statement when it may read a table whole only if no index serves. */
async function planOf({ text, values }: Recorded): Promise<PlanNode> {
  const client = await getPostgres().pool.connect();
  try {
    await client.query('begin');
    await client.query('set local enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (format json) ${text}`, values);
    return rows[0]!['QUERY PLAN'][0].Plan;
  } finally {
    await client.query('rollback');
    client.release();
  }
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/** The index nodes a table read walks: itself, or a bitmap heap scan's bitmap index scans. */
function indexReadsOf(node: PlanNode): PlanNode[] {
  if (node['Node Type'] === 'Bitmap Heap Scan') return nodesOf(node).filter((child) => child['Node Type'] === 'Bitmap Index Scan');
  return node['Node Type'] === 'Index Scan' || node['Node Type'] === 'Index Only Scan' ? [node] : [];
}

/** A node that reads every row of one of `tables`: a sequential scan, or an index walked end to end. */
function isFullScan(node: PlanNode, tables: Set<string>): boolean {
  if (!tables.has(node['Relation Name'] ?? '')) return false;
  if (node['Node Type'] === 'Seq Scan') return true;
  return indexReadsOf(node).some((read) => read['Index Cond'] === undefined && !partialIndexes.has(read['Index Name'] ?? ''));
}

function printed(statement: Recorded, plan: PlanNode): string {
  const lines = nodesOf(plan).map((node) =>
    ['  ', node['Node Type'], node['Relation Name'] && `on ${node['Relation Name']}`, node['Index Name'] && `using ${node['Index Name']}`, node['Index Cond']]
      .filter(Boolean)
      .join(' '),
  );
  return `${statement.text} -- ${JSON.stringify(statement.values)}\n${lines.join('\n')}`;
}

async function assertNoFullScans(name: string, run: () => Promise<unknown>, tables = bigTables): Promise<Recorded[]> {
  const statements = await recordStatements(run);
  assert.ok(statements.length > 0, `${name} ran no statement: is the recorder still attached?`);
  for (const statement of statements) {
    const plan = await planOf(statement);
    assert.ok(!nodesOf(plan).some((node) => isFullScan(node, tables)), `${name} reads a whole table:\n${printed(statement, plan)}`);
  }
  return statements;
}

describe('query plans on PostgreSQL, twenty thousand comments', { skip }, () => {
  before(async () => {
    const article = await getArticleBySlug(slug);
    assert.ok(article);
    articleId = article.id;
    await runSql(sql`
      insert into articles (slug, headline, standfirst, body, body_text, published_at)
      select 'article-' || i, 'Headline ' || i, 'Standfirst', '[]',
        'Report ' || i || ' on ' || (array['housing', 'transport', 'schools', 'energy', 'health'])[1 + i % 5],
        timestamptz '2023-11-14 22:13:20+00' + i * interval '1 hour'
      from generate_series(0, ${articleCount - 1}) i`);
    // As SQLite's test spreads them: half approved, replies, 300 writers, 200 browsers; a tenth on
    // the launch article; one in fifty reported three times.
    await runSql(sql`
      insert into comments (article_id, parent_id, author_name, author_email, avatar_key, reader_key, body, status, flagged, created_at)
      select coalesce(case when i % 10 <> 0 then (select id from articles where slug = 'article-' || (i % ${articleCount})) end, ${articleId}),
        case when i > 10 and i % 7 = 0 then i - 10 end,
        'Reader', 'reader' || (i % 300) || '@example.com', 'k', encode(sha256(convert_to('token-' || (i % 200), 'UTF8')), 'hex'),
        'body', (array['approved', 'approved', 'approved', 'pending', 'spam', 'trash'])[1 + i % 6], i % 50 = 0,
        timestamptz '2023-11-14 22:13:20+00' + i * interval '1 second'
      from generate_series(1, ${commentCount}) i`);
    await runSql(sql`
      insert into moderation_log (comment_id, action, from_status, to_status)
      select id, 'approve', 'pending', 'approved' from comments where status = 'approved'`);
    await runSql(sql`
      insert into reports (comment_id, client_key, reason)
      select id, 'ip:192.0.2.' || k, 'spam' from comments, generate_series(1, 3) k where flagged`);
    // VACUUM too: until it runs (autovacuum does, on a live site), new rows wait in the GIN index's
    // pending list, which every search reads whole, and the planner rightly avoids the index.
    await runSql(sql`vacuum analyze`);
    const partial = await sqlRows<{ name: string }>(sql`select indexname as name from pg_indexes where indexdef like '% WHERE %'`);
    partialIndexes = new Set(partial.map((row) => row.name));
  });

  test('the seed is big enough to matter', async () => {
    const [row] = await sqlRows<{ n: number }>(sql`select count(*) as n from comments`);
    assert.ok(row!.n >= commentCount);
  });

  test('the recognizer catches a sequential scan and an index walked end to end, and allows an index search', async () => {
    const full = async (text: string, values: unknown[] = []) => {
      const plan = await planOf({ text, values });
      return { full: nodesOf(plan).some((node) => isFullScan(node, bigTables)), plan: printed({ text, values }, plan) };
    };
    for (const text of [
      "select * from comments where body = 'x'",
      'select count(*) from comments',
      'select id from comments order by id desc limit 5',
      'select (select count(*) from comments c where c.body = a.slug) from articles a',
      'select * from reports where note is null',
    ]) {
      const { full: isFull, plan } = await full(text);
      assert.ok(isFull, `should count as a full scan:\n${plan}`);
    }
    for (const [text, values] of [
      ['select * from comments where article_id = $1 and status = $2', [1, 'approved']],
      ['select * from comments where flagged order by created_at desc limit 20', []],
    ] as const) {
      const { full: isFull, plan } = await full(text, [...values]);
      assert.ok(!isFull, plan);
    }
  });

  for (const [name, call] of Object.entries(publicCalls)) {
    test(`${name}: no full scan of comments`, async () => void (await assertNoFullScans(name, call)));
  }

  describe('the moderation queue', () => {
    for (const filter of queueFilters) {
      test(`${JSON.stringify(filter)}: no full scan of comments, reports or the moderation log`, async () => {
        const statements = await assertNoFullScans('the queue', () => readModerationQueue(filter));
        assert.ok(statements.some((statement) => /\bfrom "comments"/.test(statement.text)), 'the queue query ran');
      });
    }

    test('the rows of a page come with their history and reports, read by comment id', async () => {
      const statements = await assertNoFullScans('the queue', async () => {
        const { items } = await readModerationQueue({ tab: 'reported', page: 1 });
        assert.ok(items.some((item) => item.log.length > 0 && item.reports.length > 0));
      });
      for (const table of ['moderation_log', 'reports']) {
        const statement = statements.find((s) => new RegExp(`from "${table}"`).test(s.text));
        assert.ok(statement, `${table} was read`);
        const plan = await planOf(statement);
        const reads = nodesOf(plan).filter((node) => node['Relation Name'] === table);
        const byCommentId = (node: PlanNode) => indexReadsOf(node).every((read) => read['Index Cond']?.includes('comment_id'));
        assert.ok(reads.length > 0 && reads.every(byCommentId), printed(statement, plan));
      }
    });
  });

  test("the front page counts each story's public comments through the article's own index", async () => {
    const statements = await recordStatements(() => listLatestStories({ limit: 50 }));
    const counting = statements.filter((statement) => /\bcomments\b/.test(statement.text));
    assert.ok(counting.length > 0, 'the comment counts were read');
    for (const statement of counting) {
      const plan = await planOf(statement);
      const onComments = nodesOf(plan).filter((node) => node['Relation Name'] === 'comments');
      assert.ok(onComments.length > 0, printed(statement, plan));
      for (const node of onComments) {
        const indexes = indexReadsOf(node).map((read) => read['Index Name']);
        assert.deepEqual(indexes, ['comments_article_status_created_idx'], printed(statement, plan));
      }
    }
  });

  test('search reads the GIN index of the articles, never the whole table', async () => {
    const statements = await assertNoFullScans('searchArticles', () => searchArticles('security guarantee'), new Set(['articles']));
    const searching = statements.filter((statement) => /@@/.test(statement.text));
    assert.ok(searching.length >= 2, 'the count and the page were read');
    for (const statement of searching) {
      const plan = await planOf(statement);
      assert.ok(
        nodesOf(plan).some((node) => node['Node Type'] === 'Bitmap Index Scan' && node['Index Name'] === 'articles_search_idx'),
        printed(statement, plan),
      );
    }
  });
});

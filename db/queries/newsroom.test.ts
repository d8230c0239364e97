import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openTemporaryDatabase, sqlRows } from '@/db/test-database';
import { NotAllowedError, type Staff, type UserRole } from '@/lib/accounts';

await openTemporaryDatabase('newsroom');

const { getDb } = await import('@/db/index');
const { users } = await import('@/db/schema');
const newsroom = await import('@/db/queries/newsroom');
const { getArticleBySlug, findArticleRedirect, listArticles } = await import('@/db/queries/articles');
type SaveArticleInput = import('@/db/queries/newsroom').SaveArticleInput;

async function addStaff(role: UserRole, name: string): Promise<Staff> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`;
  const [user] = await getDb().insert(users).values({ email, name, passwordHash: 'x', role }).returning({ id: users.id });
  return { id: user!.id, email, name, role };
}

const admin = await addStaff('admin', 'Ada Admin');
const editor = await addStaff('editor', 'Eddie Editor');
const contributor = await addStaff('contributor', 'Cora Contributor');
const otherContributor = await addStaff('contributor', 'Colin Contributor');
const moderator = await addStaff('moderator', 'Mo Moderator');
const everyone = { admin, editor, contributor, moderator };

let counter = 0;
function input(overrides: Partial<SaveArticleInput> = {}): SaveArticleInput {
  counter++;
  return {
    headline: `Headline ${counter}`,
    standfirst: 'A standfirst.',
    slug: `headline-${counter}`,
    byline: ['Cora Contributor', 'A Freelancer'],
    sectionId: null,
    tags: ['Politics', 'Europe'],
    bodySource: 'First paragraph with **bold**.\n\n## A heading',
    imageId: null,
    imageAlt: '',
    imageCaption: '',
    imageCredit: '',
    commentsOpen: true,
    correction: '',
    intent: 'save',
    publishAt: null,
    ...overrides,
  };
}

async function create(staff: Staff, overrides: Partial<SaveArticleInput> = {}) {
  const result = await newsroom.saveArticle(staff, null, null, input(overrides));
  assert.ok(result.ok, JSON.stringify(result));
  return result;
}

async function row(id: number) {
  const [found] = await sqlRows<Record<string, unknown>>(sql`select * from articles where id = ${id}`);
  return found!;
}

const newsroomTables = ['articles', 'article_revisions', 'article_bylines', 'article_tags', 'tags', 'sections', 'article_redirects', 'article_autosaves', 'article_editors'];

/** Every row of the newsroom's tables, in key order (the first two columns are each table's key, or begin it). */
async function tableState(): Promise<string> {
  const tables = [];
  for (const table of newsroomTables) tables.push(await sqlRows(sql`select * from ${sql.identifier(table)} order by 1, 2`));
  return hash(tables);
}

function hash(value: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Runs `attempt`; true when it went through, false when the role was refused (and nothing changed). */
async function allowed(attempt: () => Promise<unknown>): Promise<boolean> {
  const before = await tableState();
  try {
    const result = await attempt();
    if (result === null) return false;
    if (typeof result === 'object' && result && 'ok' in result && result.ok === false) {
      assert.equal(await tableState(), before);
      return false;
    }
    return true;
  } catch (error) {
    if (!(error instanceof NotAllowedError)) throw error;
    assert.equal(await tableState(), before, 'a refused call must change nothing');
    return false;
  }
}

/** `prepare` makes what the call needs (by others, before the check); `run` is the call on trial. */
type Prepared = { id: number; version: number };
type Case = {
  name: string;
  expected: Record<keyof typeof everyone, boolean>;
  prepare?: (staff: Staff) => Promise<Prepared>;
  run: (staff: Staff, prepared: Prepared) => Promise<unknown>;
};

// Each case prepares its own article (the contributor's unless said otherwise), then makes the call on trial.
const own = () => create(contributor);
const others = () => create(otherContributor);
async function ownPublished() {
  const made = await create(contributor);
  const published = await newsroom.saveArticle(editor, made.id, made.version, input({ intent: 'publish' }));
  assert.ok(published.ok);
  return published;
}
const firstRevision = async (articleId: number) =>
  (await sqlRows<{ id: number }>(sql`select id from article_revisions where article_id = ${articleId} order by id`))[0]!.id;

const cases: Case[] = [
  { name: 'list the newsroom', expected: { admin: true, editor: true, contributor: true, moderator: false }, run: (staff) => newsroom.listNewsroomArticles(staff, {}) },
  { name: 'create a draft', expected: { admin: true, editor: true, contributor: true, moderator: false }, run: (staff) => newsroom.saveArticle(staff, null, null, input()) },
  { name: "open the contributor's own draft", expected: { admin: true, editor: true, contributor: true, moderator: false }, prepare: own, run: (staff, a) => newsroom.getArticleForEditing(staff, a.id) },
  { name: "open another contributor's draft", expected: { admin: true, editor: true, contributor: false, moderator: false }, prepare: others, run: (staff, a) => newsroom.getArticleForEditing(staff, a.id) },
  { name: "preview the own draft", expected: { admin: true, editor: true, contributor: true, moderator: false }, prepare: own, run: (staff, a) => newsroom.getArticlePreview(staff, a.id) },
  { name: "preview another contributor's draft", expected: { admin: true, editor: true, contributor: false, moderator: false }, prepare: others, run: (staff, a) => newsroom.getArticlePreview(staff, a.id) },
  { name: "save the own draft", expected: { admin: true, editor: true, contributor: true, moderator: false }, prepare: own, run: (staff, a) => newsroom.saveArticle(staff, a.id, a.version, input({ headline: `Changed ${counter}` })) },
  { name: "save another contributor's draft", expected: { admin: true, editor: true, contributor: false, moderator: false }, prepare: others, run: (staff, a) => newsroom.saveArticle(staff, a.id, a.version, input()) },
  { name: 'submit the own draft for review', expected: { admin: true, editor: true, contributor: true, moderator: false }, prepare: own, run: (staff, a) => newsroom.saveArticle(staff, a.id, a.version, input({ intent: 'submit' })) },
  ...(['publish', 'schedule', 'return', 'unpublish'] as const).map(
    (intent): Case => ({
      name: `${intent} the own article (in review)`,
      expected: { admin: true, editor: true, contributor: false, moderator: false },
      prepare: () => create(contributor, { intent: 'submit' }),
      run: (staff, a) => newsroom.saveArticle(staff, a.id, a.version, input({ intent, publishAt: new Date(Date.now() + 86_400_000) })),
    }),
  ),
  { name: 'publish a new article straight away', expected: { admin: true, editor: true, contributor: false, moderator: false }, run: (staff) => newsroom.saveArticle(staff, null, null, input({ intent: 'publish' })) },
  { name: 'change the own article once it is published', expected: { admin: true, editor: true, contributor: false, moderator: false }, prepare: ownPublished, run: (staff, a) => newsroom.saveArticle(staff, a.id, a.version, input({ headline: `Defaced ${counter}` })) },
  { name: 'autosave the own draft', expected: { admin: true, editor: true, contributor: true, moderator: false }, prepare: own, run: (staff, a) => newsroom.autosaveArticle(staff, a.id, 1, { headline: 'typing' }) },
  { name: "autosave another's draft", expected: { admin: true, editor: true, contributor: false, moderator: false }, prepare: others, run: (staff, a) => newsroom.autosaveArticle(staff, a.id, 1, { headline: 'typing' }) },
  {
    name: 'read the own autosave',
    expected: { admin: true, editor: true, contributor: true, moderator: false },
    prepare: async (staff) => {
      const made = await own();
      await new Promise((resolve) => setTimeout(resolve, 3));
      if (staff.role !== 'moderator') await newsroom.autosaveArticle(staff, made.id, 1, { headline: 'typing' });
      return made;
    },
    run: (staff, a) => newsroom.getNewerAutosave(staff, a.id),
  },
  { name: 'discard the own autosave', expected: { admin: true, editor: true, contributor: true, moderator: false }, prepare: own, run: (staff, a) => newsroom.discardAutosave(staff, a.id) },
  { name: 'say one is editing the own draft', expected: { admin: true, editor: true, contributor: true, moderator: false }, prepare: own, run: (staff, a) => newsroom.markEditing(staff, a.id) },
  { name: "say one is editing another's draft", expected: { admin: true, editor: true, contributor: false, moderator: false }, prepare: others, run: (staff, a) => newsroom.markEditing(staff, a.id) },
  { name: 'stop editing', expected: { admin: true, editor: true, contributor: true, moderator: false }, prepare: own, run: (staff, a) => newsroom.stopEditing(staff, a.id) },
  { name: 'list the revisions of the own draft', expected: { admin: true, editor: true, contributor: true, moderator: false }, prepare: own, run: (staff, a) => newsroom.listRevisions(staff, a.id) },
  { name: "list the revisions of another's draft", expected: { admin: true, editor: true, contributor: false, moderator: false }, prepare: others, run: (staff, a) => newsroom.listRevisions(staff, a.id) },
  {
    name: "compare revisions of another's draft",
    expected: { admin: true, editor: true, contributor: false, moderator: false },
    prepare: others,
    run: async (staff, a) => {
      const found = await newsroom.getRevisions(staff, a.id, [await firstRevision(a.id)]);
      return found.length ? found : null;
    },
  },
  { name: 'restore a revision of the own draft', expected: { admin: true, editor: true, contributor: true, moderator: false }, prepare: own, run: async (staff, a) => newsroom.restoreRevision(staff, a.id, await firstRevision(a.id), a.version) },
  { name: 'restore a revision of the own published article', expected: { admin: true, editor: true, contributor: false, moderator: false }, prepare: ownPublished, run: async (staff, a) => newsroom.restoreRevision(staff, a.id, await firstRevision(a.id), a.version) },
  { name: 'list sections', expected: { admin: true, editor: true, contributor: true, moderator: false }, run: (staff) => newsroom.listSections(staff) },
  { name: 'add a section', expected: { admin: true, editor: true, contributor: false, moderator: false }, run: (staff) => newsroom.createSection(staff, { name: `Section ${++counter}`, description: '' }) },
  { name: 'list byline names', expected: { admin: true, editor: true, contributor: true, moderator: false }, run: (staff) => newsroom.listBylineNames(staff) },
];

describe('every article function, for every role', () => {
  for (const entry of cases) {
    for (const [role, staff] of Object.entries(everyone) as [keyof typeof everyone, Staff][]) {
      test(`${role}: ${entry.name} → ${entry.expected[role] ? 'allowed' : 'refused'}`, async () => {
        const prepared = (await entry.prepare?.(staff)) ?? { id: 0, version: 0 };
        assert.equal(await allowed(() => entry.run(staff, prepared)), entry.expected[role]);
      });
    }
  }
});

/** New articles saved at once: what each got ('stored', or its fields in error), in order. */
async function savedAtOnce(...articles: SaveArticleInput[]): Promise<string[]> {
  const results = await Promise.all(articles.map((values) => newsroom.saveArticle(editor, null, null, values)));
  return results.map((result) => (result.ok ? 'stored' : result.reason === 'fields' ? Object.keys(result.fieldErrors).join() : result.reason)).sort();
}

describe('saving', () => {
  test('a stale save is refused and changes nothing; the fresh one goes through', async () => {
    const made = await create(editor);
    const first = await newsroom.saveArticle(editor, made.id, 1, input({ headline: 'First tab' }));
    assert.ok(first.ok);
    const before = await tableState();
    const stale = await newsroom.saveArticle(admin, made.id, 1, input({ headline: 'Second tab' }));
    assert.deepEqual(stale, { ok: false, reason: 'stale', version: 2 });
    assert.equal(await tableState(), before);
    assert.equal((await row(made.id)).headline, 'First tab');
  });

  test('headline and slug collisions, a missing image and section are field errors', async () => {
    await create(editor, { headline: 'Taken\u00a0headline', slug: 'taken-slug' });
    const result = await newsroom.saveArticle(editor, null, null, input({ headline: 'taken HEADLINE', slug: 'taken-slug', imageId: 999, imageAlt: 'x', sectionId: 999 }));
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason === 'fields');
    assert.deepEqual(Object.keys(result.fieldErrors).sort(), ['headline', 'imageId', 'sectionId', 'slug']);
  });

  // On PostgreSQL writes run side by side: the check of one must not miss what the other writes.
  test('two new articles sent at once with one slug: one is stored, the other gets the field error', async () => {
    const slug = `same-slug-${counter}`;
    assert.deepEqual(await savedAtOnce(input({ slug }), input({ slug })), ['slug', 'stored']);
  });

  test('two new articles sent at once with one headline: one is stored, the other gets the field error', async () => {
    const headline = `Same headline ${counter}`;
    assert.deepEqual(await savedAtOnce(input({ headline }), input({ headline: headline.toUpperCase() })), ['headline', 'stored']);
  });

  test('two sections with one name added at once: one is added, the other gets the field error', async () => {
    const name = `Section ${++counter}`;
    const results = await Promise.all([editor, admin].map((staff) => newsroom.createSection(staff, { name, description: '' })));
    assert.deepEqual(results.map((result) => (result.ok ? 'added' : Object.keys(result.fieldErrors).join())).sort(), ['added', 'name']);
  });

  test('the body is stored as blocks and plain text from the Markdown; bylines, tags and a revision are written', async () => {
    const made = await create(contributor, { bodySource: 'Hello <script>alert(1)</script> **there**' });
    const stored = await row(made.id);
    assert.equal(stored.status, 'draft');
    assert.equal(stored.created_by, contributor.id);
    assert.equal(stored.body_text, 'Hello <script>alert(1)</script> there');
    assert.ok(!String(stored.body).includes('"html"'));
    const bylines = await sqlRows(sql`select name, user_id as "userId" from article_bylines where article_id = ${made.id} order by position`);
    assert.deepEqual(bylines, [
      { name: 'Cora Contributor', userId: contributor.id },
      { name: 'A Freelancer', userId: null },
    ]);
    const revisions = await newsroom.listRevisions(contributor, made.id);
    assert.deepEqual(revisions?.map((r) => [r.action, r.by, r.version]), [['created', 'Cora Contributor', 1]]);
  });

  test('publishing shows the article to readers; scheduling in the past publishes now and says so', async () => {
    const draft = await create(editor);
    assert.equal(await getArticleBySlug(draft.slug), null);
    const past = await newsroom.saveArticle(editor, draft.id, draft.version, input({ slug: draft.slug, intent: 'schedule', publishAt: new Date(Date.now() - 60_000) }));
    assert.ok(past.ok);
    assert.equal(past.state, 'published');
    assert.equal(past.note, 'That time has passed, so the article was published now.');
    assert.ok(await getArticleBySlug(draft.slug));
    assert.ok((await listArticles()).some((a) => a.slug === draft.slug));
  });

  test('a scheduled article is stored as published with its future time, and readers do not see it yet', async () => {
    const at = new Date(Date.now() + 3_600_000);
    const made = await create(editor, { intent: 'schedule', publishAt: at });
    assert.equal(made.state, 'scheduled');
    assert.equal((await row(made.id)).status, 'published');
    assert.equal((await row(made.id)).published_at, at.getTime());
    assert.equal(await getArticleBySlug(made.slug), null);
    const list = await newsroom.listNewsroomArticles(editor, { state: 'scheduled' });
    assert.ok(list.articles.some((a) => a.id === made.id));
  });

  test('changing a published article sets "Updated"; changing its slug leaves a redirect', async () => {
    const made = await create(editor, { intent: 'publish' });
    assert.equal((await row(made.id)).revised_at, null);
    const updated = await newsroom.saveArticle(editor, made.id, made.version, input({ headline: 'Now revised', slug: 'now-revised', intent: 'update', correction: 'We misspelt a name.' }));
    assert.ok(updated.ok);
    assert.ok((await row(made.id)).revised_at);
    assert.equal(await findArticleRedirect(made.slug), 'now-revised');
    assert.deepEqual(updated.changedSlugs.sort(), [made.slug, 'now-revised'].sort());
    const article = await getArticleBySlug('now-revised');
    assert.equal(article?.correction, 'We misspelt a name.');
    assert.equal(article?.author, 'Cora Contributor and A Freelancer');
    // The old address is taken by the redirect: another article cannot have it.
    const clash = await newsroom.saveArticle(editor, null, null, input({ slug: made.slug }));
    assert.ok(!clash.ok && clash.reason === 'fields' && clash.fieldErrors.slug);
  });

  test('a draft renamed before publication leaves no redirect', async () => {
    const made = await create(editor);
    const renamed = await newsroom.saveArticle(editor, made.id, made.version, input({ slug: `renamed-${counter}` }));
    assert.ok(renamed.ok);
    assert.equal(await findArticleRedirect(made.slug), null);
  });

  test('unpublishing takes the article from readers', async () => {
    const made = await create(editor, { intent: 'publish' });
    assert.ok(await getArticleBySlug(made.slug));
    const gone = await newsroom.saveArticle(editor, made.id, made.version, input({ slug: made.slug, intent: 'unpublish' }));
    assert.ok(gone.ok);
    assert.equal(gone.state, 'unpublished');
    assert.equal(await getArticleBySlug(made.slug), null);
  });

  test('the newsroom list counts each state, searches headlines and pages', async () => {
    const marker = `Zebra ${Date.now()}`;
    for (let i = 0; i < 3; i++) await create(contributor, { headline: `${marker} ${i}` });
    const found = await newsroom.listNewsroomArticles(editor, { query: marker });
    assert.equal(found.total, 3);
    assert.equal(found.counts.draft, 3);
    assert.deepEqual(found.articles.map((a) => a.byline), Array(3).fill('Cora Contributor, A Freelancer'));
    const mine = await newsroom.listNewsroomArticles(otherContributor, { query: marker });
    assert.equal(mine.total, 0, "a contributor does not see another contributor's articles");
    const wildcard = await newsroom.listNewsroomArticles(editor, { query: '%' });
    assert.equal(wildcard.total, 0);
  });
});

describe('autosave, presence and revisions', () => {
  test('an autosave newer than the last save is offered; a save clears it', async () => {
    const made = await create(contributor);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await newsroom.autosaveArticle(contributor, made.id, 1, { headline: 'Half typed' });
    const offered = await newsroom.getNewerAutosave(contributor, made.id);
    assert.equal(offered?.values.headline, 'Half typed');
    assert.equal(await newsroom.getNewerAutosave(editor, made.id), null, "someone else's autosave is not offered");
    const saved = await newsroom.saveArticle(contributor, made.id, 1, input());
    assert.ok(saved.ok);
    assert.equal(await newsroom.getNewerAutosave(contributor, made.id), null);
  });

  test('two people on one article see each other', async () => {
    const made = await create(contributor);
    assert.deepEqual(await newsroom.markEditing(contributor, made.id), []);
    const seen = await newsroom.markEditing(editor, made.id);
    assert.deepEqual(seen.map((p) => p.name), ['Cora Contributor']);
    await newsroom.stopEditing(contributor, made.id);
    assert.deepEqual(await newsroom.markEditing(editor, made.id), []);
  });

  test('restoring a revision brings its words back as a new version', async () => {
    const made = await create(editor, { headline: `Original ${counter}`, bodySource: 'Original body' });
    const changed = await newsroom.saveArticle(editor, made.id, 1, input({ slug: made.slug, headline: `Changed ${counter}`, bodySource: 'Changed body' }));
    assert.ok(changed.ok);
    const revisions = (await newsroom.listRevisions(editor, made.id))!;
    const original = revisions.at(-1)!;
    const restored = await newsroom.restoreRevision(editor, made.id, original.id, changed.version);
    assert.ok(restored.ok);
    assert.equal((await row(made.id)).body_source, 'Original body');
    assert.equal(restored.version, 3);
    assert.deepEqual((await newsroom.listRevisions(editor, made.id))!.map((r) => r.action), ['restored', 'saved', 'created']);
    const stale = await newsroom.restoreRevision(editor, made.id, original.id, 1);
    assert.deepEqual(stale, { ok: false, reason: 'stale', version: 3 });
  });
});

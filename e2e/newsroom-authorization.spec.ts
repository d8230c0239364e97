import { expect, test } from '@playwright/test';
import { moderatorState, sessionCookieName } from './support/accounts';
import { callAction, serverActions, sessionCookieValue, type ActionBody, type ServerAction } from './support/actions';
import { e2eDb, tableSnapshot } from './support/e2e-database';
import { seedNewsroomArticle, userIdOf } from './support/db';
import { contributorAccount, editorAccount, secondEditorAccount, staffState } from './support/newsroom';

// Every newsroom action, called directly with a contributor's session where an editor is needed (and
// with a moderator's, and with none), leaves the database as it was.

const files = ['app/admin/articles/actions.ts', 'app/admin/sections/actions.ts'];
const idle = { status: 'idle' };

function articleFields(overrides: Record<string, string> = {}): Record<string, string> {
  return { headline: `Forged ${Date.now()}`, standfirst: 'Forged', byline: 'Mallory', body: 'Forged body', baseVersion: '1', intent: 'save', commentsOpen: 'on', ...overrides };
}

function snapshot(): string {
  const tables = ['articles', 'article_revisions', 'article_autosaves', 'article_bylines', 'article_tags', 'tags', 'sections', 'article_redirects', 'settings', 'users'];
  return JSON.stringify(tables.map((table) => tableSnapshot(table)));
}

test('newsroom actions refuse a contributor where an editor is needed, a moderator and no session; the database stays unchanged', async ({ browser }) => {
  test.setTimeout(90_000);
  const contributorCookie = sessionCookieValue(await staffState(browser, contributorAccount, 'contributor'), sessionCookieName);
  const editorCookie = sessionCookieValue(await staffState(browser, editorAccount, 'editor'), sessionCookieName);
  await staffState(browser, secondEditorAccount, 'editor');
  const moderatorCookie = sessionCookieValue(moderatorState, sessionCookieName);
  const contributorId = userIdOf(contributorAccount.email);
  const otherId = userIdOf(secondEditorAccount.email);

  const inReview = seedNewsroomArticle({ createdBy: contributorId, status: 'review', label: 'own-review' });
  const published = seedNewsroomArticle({ createdBy: contributorId, status: 'published', label: 'own-published' });
  const othersDraft = seedNewsroomArticle({ createdBy: otherId, status: 'draft', label: 'others-draft' });

  const actions = serverActions(files);
  const byName = (name: string): ServerAction => {
    const action = actions.find((candidate) => candidate.name === name);
    if (!action) throw new Error(`no action ${name} in the build`);
    return action;
  };
  expect(actions.map((a) => a.name).sort()).toEqual(
    ['addSection', 'autosaveArticleDraft', 'discardArticleAutosave', 'leaveEditing', 'pingEditing', 'restoreArticleRevision', 'saveArticleForm'].sort(),
  );

  const editorOnly: [string, ActionBody][] = [
    ...['publish', 'return', 'unpublish'].map((intent): [string, ActionBody] => ['saveArticleForm', { args: [inReview.id, idle, '$K1'], fields: articleFields({ intent, headline: `Headline ${inReview.slug}`, slug: inReview.slug }) }]),
    ['saveArticleForm', { args: [inReview.id, idle, '$K1'], fields: articleFields({ intent: 'schedule', publishAt: '2030-01-01T09:00' }) }],
    ['saveArticleForm', { args: [null, idle, '$K1'], fields: articleFields({ intent: 'publish' }) }],
    ['saveArticleForm', { args: [published.id, idle, '$K1'], fields: articleFields({ intent: 'save' }) }],
    ['saveArticleForm', { args: [othersDraft.id, idle, '$K1'], fields: articleFields({ intent: 'save' }) }],
    ['restoreArticleRevision', { json: [published.id, published.revisionId, 1] }],
    ['restoreArticleRevision', { json: [othersDraft.id, othersDraft.revisionId, 1] }],
    ['autosaveArticleDraft', { json: [othersDraft.id, 1, { headline: 'Forged autosave' }] }],
    ['autosaveArticleDraft', { json: [published.id, 1, { headline: 'Forged autosave' }] }],
    ['addSection', { args: [idle, '$K1'], fields: { name: 'Forged section', description: '' } }],
  ];
  // Harmless for a contributor on their own work, refused without a session or to a moderator.
  const writerCalls: [string, ActionBody][] = [
    ['saveArticleForm', { args: [null, idle, '$K1'], fields: articleFields({ intent: 'save' }) }],
    ['saveArticleForm', { args: [inReview.id, idle, '$K1'], fields: articleFields({ intent: 'save' }) }],
    ['autosaveArticleDraft', { json: [inReview.id, 1, { headline: 'Forged autosave' }] }],
    ['discardArticleAutosave', { json: [inReview.id] }],
    ['pingEditing', { json: [inReview.id] }],
    ['leaveEditing', { json: [inReview.id] }],
    ['restoreArticleRevision', { json: [inReview.id, inReview.revisionId, 1] }],
  ];

  const cookie = (value: string) => ({ Cookie: `${sessionCookieName}=${value}` });
  const callers: { label: string; headers: Record<string, string>; calls: [string, ActionBody][] }[] = [
    { label: 'contributor', headers: cookie(contributorCookie), calls: editorOnly },
    { label: 'moderator', headers: cookie(moderatorCookie), calls: [...editorOnly, ...writerCalls] },
    { label: 'no session', headers: {}, calls: [...editorOnly, ...writerCalls] },
  ];

  const before = snapshot();
  let count = 0;
  for (const caller of callers) {
    for (const [name, body] of caller.calls) {
      const action = byName(name);
      for (const path of action.paths) {
        const status = await callAction(action, path, body, caller.headers);
        expect.soft(status, `${caller.label} → ${name} @ ${path}`).toBeLessThan(500);
        count++;
      }
    }
  }
  expect(count).toBeGreaterThan(20);
  expect(snapshot()).toBe(before);

  // The control: the editor's session with the same request does publish, so the refusals are real.
  const save = byName('saveArticleForm');
  await callAction(save, save.paths[0]!, editorOnly[0]![1], cookie(editorCookie));
  expect(e2eDb().get('select status from articles where id = ?', [inReview.id])).toEqual({ status: 'published' });
});

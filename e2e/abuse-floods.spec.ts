import { expect, test } from '@playwright/test';
import { hashPassword } from '../lib/password';
import { e2eOnPostgres } from '../playwright.config';
import { relaxedAbuseSettings, setSettings } from './support/db';
import { e2eDb } from './support/e2e-database';
import { errorSummary, expectHeld, postReply, unique, watchServerErrors } from './support/helpers';
import { addBan, addModerator, commentsByEmail, freshFormToken, liftBan, messages, postViaAction, seedOldArticle } from './support/abuse';

// Floods: at most one comment per floodSeconds and hourlyLimit an hour, per client and per email;
// networkHourlyLimit per network; pendingPerMinute held comments a minute, site-wide.
// The client is the connection's address: each test posts from its own 127.0.N.x addresses.

test.afterEach(() => setSettings(relaxedAbuseSettings));

const port = Number(process.env.E2E_PORT ?? 3917);

function from(article: { id: number; slug: string; path: string }, localAddress: string, extra: { email?: string; headers?: Record<string, string>; cookie?: string } = {}) {
  return async (label: string) => {
    const email = extra.email ?? `${unique(label)}@example.com`;
    const response = await postViaAction(
      article,
      {
        comment: unique(label),
        name: unique('Poster'),
        email,
        formToken: await freshFormToken(article.id, localAddress),
      },
      { localAddress, headers: { ...extra.headers, ...(extra.cookie ? { Cookie: extra.cookie } : {}) } },
    );
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    return { email, text: response.text, stored: commentsByEmail(email) };
  };
}

test('a reader posting again within floodSeconds sees the flood message, keeps their text, and nothing is written', async ({ page }) => {
  // The browser connects over IPv6 loopback: a client of its own, whatever else the suite posted.
  setSettings({ floodSeconds: 15, hourlyLimit: 10 });
  const failures = watchServerErrors(page);
  const article = seedOldArticle('flood-browser');
  await page.goto(`http://[::1]:${port}${article.path}`);
  const first = unique('First within the window');
  await postReply(page, { comment: first, name: unique('Quick'), email: `${unique('quick')}@example.com` });
  await expectHeld(page, first);

  const second = { comment: unique('Second too soon'), name: unique('Quick'), email: `${unique('other')}@example.com` };
  await postReply(page, second);
  const summary = errorSummary(page);
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('heading')).toHaveText(messages.flood);
  await expect(page.getByLabel('Comment *')).toHaveValue(second.comment);
  await expect(page.getByLabel('Name *')).toHaveValue(second.name);
  await expect(page.getByLabel('Email *')).toHaveValue(second.email);
  expect(commentsByEmail(second.email)).toEqual([]);
  await expect(page.getByRole('article').filter({ hasText: second.comment })).toHaveCount(0);
  expect(failures).toEqual([]);
});

test('from many loopback addresses: one client is limited while the others keep posting', async () => {
  setSettings({ floodSeconds: 15, hourlyLimit: 10 });
  const article = seedOldArticle('flood-many');
  const noisy = from(article, '127.0.2.1');
  const first = await noisy('noisy');
  expect(first.text).toContain(messages.held);
  expect(first.stored.map((c) => c.ip)).toEqual(['127.0.2.1']);

  for (let n = 2; n <= 11; n++) {
    const limited = await noisy('noisy-again');
    expect(limited.text).toContain(messages.flood);
    expect(limited.stored).toEqual([]);
    const other = await from(article, `127.0.2.${n}`)('neighbour');
    expect(other.text, `127.0.2.${n}`).toContain(messages.held);
    expect(other.stored.map((c) => [c.ip, c.status])).toEqual([[`127.0.2.${n}`, 'pending']]);
  }
});

test('the hourly limit: the tenth comment of the hour passes, the eleventh is refused; others are unaffected', async () => {
  setSettings({ floodSeconds: 0, hourlyLimit: 10 });
  const article = seedOldArticle('flood-hourly');
  const busy = from(article, '127.0.3.1');
  for (let i = 1; i <= 10; i++) expect((await busy(`hourly-${i}`)).text, `comment ${i}`).toContain(messages.held);
  const eleventh = await busy('hourly-11');
  expect(eleventh.text).toContain(messages.flood);
  expect(eleventh.stored).toEqual([]);
  expect((await from(article, '127.0.3.2')('hourly-other')).text).toContain(messages.held);
});

test('one email is limited across addresses', async () => {
  setSettings({ floodSeconds: 15, hourlyLimit: 10 });
  const article = seedOldArticle('flood-email');
  const email = `${unique('roaming')}@example.com`;
  expect((await from(article, '127.0.4.1', { email })('roam-1')).text).toContain(messages.held);
  const moved = await from(article, '127.0.4.2', { email: email.toUpperCase() })('roam-2');
  expect(moved.text).toContain(messages.flood);
  expect(moved.stored).toHaveLength(1);
});

test('rotating addresses within one network (a /24) is still a flood; another network is unaffected', async () => {
  setSettings({ floodSeconds: 0, hourlyLimit: 10, networkHourlyLimit: 3 });
  const article = seedOldArticle('flood-network');
  for (let n = 1; n <= 3; n++) expect((await from(article, `127.0.10.${n}`)(`rotating-${n}`)).text, `127.0.10.${n}`).toContain(messages.held);
  const fourth = await from(article, '127.0.10.4')('rotating-4');
  expect(fourth.text).toContain(messages.flood);
  expect(fourth.stored).toEqual([]);
  expect((await from(article, '127.0.11.1')('next-network')).text).toContain(messages.held);
});

test('past the ceiling on comments held a minute, site-wide, a new one is paused with a plain message and stored nowhere', async () => {
  // The minute starts now: comments earlier tests left held are moved two minutes back.
  if (e2eOnPostgres) {
    e2eDb().run("update comments set created_at = created_at - interval '2 minutes' where status = 'pending' and created_at > now() - interval '2 minutes'");
  } else {
    e2eDb().run("update comments set created_at = created_at - 120000 where status = 'pending' and created_at > ?", [Date.now() - 120_000]);
  }
  setSettings({ floodSeconds: 0, pendingPerMinute: 2 });
  const article = seedOldArticle('flood-ceiling');
  expect((await from(article, '127.0.12.1')('ceiling-1')).text).toContain(messages.held);
  expect((await from(article, '127.0.13.1')('ceiling-2')).text).toContain(messages.held);
  const third = await from(article, '127.0.14.1')('ceiling-3');
  expect(third.text).toContain(messages.queueFull);
  expect(third.stored).toEqual([]);
});

test('X-Forwarded-For does not change the client without TRUSTED_PROXIES', async () => {
  setSettings({ floodSeconds: 15, hourlyLimit: 10 });
  const article = seedOldArticle('flood-xff');
  const first = await from(article, '127.0.5.1', { headers: { 'X-Forwarded-For': '198.51.100.1' } })('xff-1');
  expect(first.text).toContain(messages.held);
  expect(first.stored.map((c) => c.ip)).toEqual(['127.0.5.1']);
  const spoofed = await from(article, '127.0.5.1', { headers: { 'X-Forwarded-For': '198.51.100.2', 'X-Real-IP': '198.51.100.3' } })('xff-2');
  expect(spoofed.text).toContain(messages.flood);
  expect(spoofed.stored).toEqual([]);
});

test('moderators are exempt from the flood limits', async ({ page }) => {
  setSettings({ floodSeconds: 15, hourlyLimit: 1 });
  const email = `${unique('mod')}@example.com`;
  const password = unique('correct horse battery');
  addModerator({ email, name: unique('Moderator'), passwordHash: await hashPassword(password) });
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

  const article = seedOldArticle('flood-moderator');
  const moderator = from(article, '127.0.6.1', { cookie });
  for (let i = 1; i <= 3; i++) expect((await moderator(`mod-${i}`)).stored, `moderator comment ${i}`).toHaveLength(1);
  const reader = from(article, '127.0.6.2');
  expect((await reader('reader-1')).stored).toHaveLength(1);
  expect((await reader('reader-2')).text).toContain(messages.flood);
});

test('a banned email or address is stored as spam; the poster sees the ordinary result', async () => {
  const article = seedOldArticle('bans');
  const email = `${unique('banned')}@example.com`;
  const emailBan = addBan({ kind: 'email', value: email });
  const rangeBan = addBan({ kind: 'ip', value: '127.0.7.0', prefixBits: 24 });
  try {
    const byEmail = await from(article, '127.0.8.1', { email: email.toUpperCase() })('banned-email');
    expect(byEmail.text).toContain(messages.held);
    expect(byEmail.stored.map((c) => [c.status, c.held_reason])).toEqual([['spam', 'banned email']]);
    const byAddress = await from(article, '127.0.7.9')('banned-address');
    expect(byAddress.text).toContain(messages.held);
    expect(byAddress.stored.map((c) => [c.status, c.held_reason])).toEqual([['spam', 'banned address']]);
  } finally {
    liftBan(emailBan);
    liftBan(rangeBan);
  }
  const lifted = await from(article, '127.0.7.10')('after-lift');
  expect(lifted.stored.map((c) => c.status)).toEqual(['pending']);
});

test('a burst of simultaneous posts from one client stores at most one comment', async () => {
  setSettings({ floodSeconds: 15, hourlyLimit: 10 });
  const article = seedOldArticle('flood-burst');
  const burst = from(article, '127.0.9.1');
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) => burst(`burst-${i}`)));
  const stored = results.flatMap((r) => r.stored);
  expect(stored.length, `${stored.length} of 8 simultaneous posts were stored`).toBe(1);
  expect(results.filter((r) => r.text.includes(messages.flood))).toHaveLength(7);
});

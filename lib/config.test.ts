import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig, databaseLabel, smtpLabel } from './config';

type Env = Record<string, string>;

const secret = 'a-secret-of-thirty-two-characters-or-more';

function load(env: Env) {
  return loadConfig({ NODE_ENV: 'test', ...env });
}

function configError(env: Env): ConfigError {
  try {
    load(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.name, 'ConfigError');
    // One line, plain language.
    assert.doesNotMatch(error.message, /\n/);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig defaults', () => {
  test('an empty environment runs locally on port 3000 with data/margin.db', () => {
    const config = load({});
    assert.equal(config.port, 3000);
    assert.equal(databaseLabel(config.database), path.resolve(process.cwd(), 'data/margin.db'));
    assert.equal(config.dataDirectory, path.resolve(process.cwd(), 'data'));
    assert.equal(config.authSecret, undefined);
    assert.equal(config.siteUrl, 'http://localhost:3000');
  });

  test('empty strings count as unset', () => {
    const config = load({ PORT: '', DATABASE_URL: '', AUTH_SECRET: '', SITE_URL: '' });
    assert.equal(config.port, 3000);
    assert.equal(databaseLabel(config.database), path.resolve(process.cwd(), 'data/margin.db'));
    assert.equal(config.authSecret, undefined);
  });

  test('the default site URL follows PORT', () => {
    assert.equal(load({ PORT: '8080' }).siteUrl, 'http://localhost:8080');
  });
});

describe('loadConfig reads settings', () => {
  test('absolute and relative file: URLs', () => {
    assert.deepEqual(load({ DATABASE_URL: 'file:/tmp/m/x.db' }).database, { kind: 'sqlite', path: '/tmp/m/x.db' });
    assert.equal(databaseLabel(load({ DATABASE_URL: 'file:///tmp/m/x.db' }).database), '/tmp/m/x.db');
    assert.equal(databaseLabel(load({ DATABASE_URL: 'file:db.sqlite' }).database), path.resolve(process.cwd(), 'db.sqlite'));
    assert.equal(load({ DATABASE_URL: 'file:/tmp/m/x.db' }).dataDirectory, '/tmp/m');
  });

  test('postgres:// and postgresql:// URLs name PostgreSQL; the data folder is DATA_DIR, data by default', () => {
    for (const url of ['postgres://margin:secret@db.example:5432/margin', 'postgresql://db.example/margin']) {
      const config = load({ AUTH_SECRET: secret, DATABASE_URL: url });
      assert.deepEqual(config.database, { kind: 'postgres', url });
      assert.equal(config.dataDirectory, path.resolve(process.cwd(), 'data'));
    }
    assert.equal(load({ AUTH_SECRET: secret, DATABASE_URL: 'postgres://db.example/margin', DATA_DIR: '/srv/margin' }).dataDirectory, '/srv/margin');
    assert.equal(load({ AUTH_SECRET: secret, DATABASE_URL: 'postgres://db.example/margin', DATA_DIR: 'site' }).dataDirectory, path.resolve(process.cwd(), 'site'));
  });

  test('DATA_DIR does not move an SQLite site away from its file', () => {
    assert.equal(load({ DATABASE_URL: 'file:/tmp/m/x.db', DATA_DIR: '/elsewhere' }).dataDirectory, '/tmp/m');
  });

  test('a long AUTH_SECRET is kept', () => {
    const secret = 's'.repeat(32);
    assert.equal(load({ AUTH_SECRET: secret }).authSecret, secret);
  });

  test('SITE_URL is reduced to its origin', () => {
    assert.equal(load({ SITE_URL: 'https://news.example/path/' }).siteUrl, 'https://news.example');
  });

  test('the page cache is on unless MARGIN_PAGE_CACHE=off', () => {
    assert.equal(load({}).pageCache, true);
    assert.equal(load({ MARGIN_PAGE_CACHE: '' }).pageCache, true);
    assert.equal(load({ MARGIN_PAGE_CACHE: 'on' }).pageCache, true);
    assert.equal(load({ MARGIN_PAGE_CACHE: 'off' }).pageCache, false);
  });
});

describe('loadConfig refuses wrong settings in plain language', () => {
  for (const port of ['abc', '0', '-1', '65536', '80.5', '3000abc']) {
    test(`PORT=${JSON.stringify(port)}`, () => {
      assert.equal(
        configError({ PORT: port }).message,
        `PORT must be a whole number from 1 to 65535, not "${port}".`,
      );
    });
  }

  test('a PostgreSQL address is shown and logged without its password', () => {
    const { database } = load({ AUTH_SECRET: secret, DATABASE_URL: 'postgres://margin:s3cret@db.example:5433/news' });
    assert.deepEqual(database, { kind: 'postgres', url: 'postgres://margin:s3cret@db.example:5433/news' });
    assert.equal(databaseLabel(database), 'postgres://margin@db.example:5433/news');
  });

  test('PostgreSQL needs AUTH_SECRET: every server must hash and sign with one secret', () => {
    assert.match(configError({ DATABASE_URL: 'postgres://db.example/margin' }).message, /^On PostgreSQL, set AUTH_SECRET .* the same on every server/);
    assert.equal(load({ DATABASE_URL: 'postgres://db.example/margin', AUTH_SECRET: secret }).authSecret, secret);
  });

  test('a PostgreSQL URL that is not an address', () => {
    assert.match(configError({ DATABASE_URL: 'postgres://exa mple:x:y' }).message, /^DATABASE_URL must be a PostgreSQL address/);
  });

  for (const url of [ 'sqlite:margin.db', 'libsql://x.turso.io']) {
    test(`DATABASE_URL=${JSON.stringify(url)}`, () => {
      const { message } = configError({ DATABASE_URL: url });
      assert.match(message, /^DATABASE_URL must name an SQLite file/);
      assert.match(message, /file:data\/margin\.db/);
    });
  }

  for (const url of ['file:', 'file::memory:']) {
    test(`DATABASE_URL=${JSON.stringify(url)} names no file on disk`, () => {
      assert.match(configError({ DATABASE_URL: url }).message, /^DATABASE_URL must name an SQLite file on disk/);
    });
  }

  test('a short AUTH_SECRET', () => {
    const { message } = configError({ AUTH_SECRET: 'x'.repeat(31) });
    assert.match(message, /^AUTH_SECRET must be at least 32 characters long/);
    // The secret itself never appears in the message.
    assert.doesNotMatch(message, /xxxx/);
  });

  for (const url of ['news.example', 'not a url', '/relative']) {
    test(`SITE_URL=${JSON.stringify(url)} is not a full address`, () => {
      assert.match(configError({ SITE_URL: url }).message, /^SITE_URL must be a full address such as/);
    });
  }

  for (const value of ['no', 'false', 'OFF', '0']) {
    test(`MARGIN_PAGE_CACHE=${JSON.stringify(value)}`, () => {
      assert.equal(configError({ MARGIN_PAGE_CACHE: value }).message, `MARGIN_PAGE_CACHE must be "on" or "off", not "${value}".`);
    });
  }

  for (const url of ['ftp://news.example', 'javascript:alert(1)']) {
    test(`SITE_URL=${JSON.stringify(url)} is not http(s)`, () => {
      assert.match(configError({ SITE_URL: url }).message, /^SITE_URL must start with http:\/\/ or https:\/\//);
    });
  }
});

describe('mail settings', () => {
  test('without SMTP_URL messages go to the data folder; the sender is named after the site', () => {
    const config = load({ SITE_URL: 'https://news.example' });
    assert.equal(config.smtpUrl, null);
    assert.equal(config.mailFrom, 'Margin <noreply@news.example>');
  });

  test('SMTP_URL and MAIL_FROM are kept; the password never reaches a log line', () => {
    const config = load({ SMTP_URL: 'smtps://user:pa55@mail.example:465', MAIL_FROM: 'The Paper <news@paper.example>' });
    assert.equal(config.smtpUrl, 'smtps://user:pa55@mail.example:465');
    assert.equal(config.mailFrom, 'The Paper <news@paper.example>');
    assert.equal(smtpLabel(config.smtpUrl!), 'smtps://user@mail.example:465');
    assert.equal(load({ MAIL_FROM: 'news@paper.example' }).mailFrom, 'news@paper.example');
  });

  for (const url of ['mail.example', 'http://mail.example', 'smtp://']) {
    test(`SMTP_URL=${JSON.stringify(url)}`, () => {
      assert.match(configError({ SMTP_URL: url }).message, /^SMTP_URL must /);
    });
  }

  for (const from of ['news', 'The Paper <news>', 'a@b.example\r\nBcc: x@y.example']) {
    test(`MAIL_FROM=${JSON.stringify(from)}`, () => {
      assert.match(configError({ MAIL_FROM: from }).message, /^MAIL_FROM must be an email address/);
    });
  }
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommentInput, commentLimits, fieldErrorsOf, readCommentForm, type CommentField } from './schemas';

const valid = { comment: 'A fair point.', name: 'Ann Lee', email: 'ann@example.com' };

function parse(values: Record<string, string | undefined>) {
  return CommentInput.safeParse({ ...valid, ...values });
}

function ok(values: Record<string, string | undefined>) {
  const result = parse(values);
  assert.ok(result.success, `expected success, got ${JSON.stringify(!result.success && fieldErrorsOf(result.error))}`);
  return result.data;
}

function errorsOf(values: Record<string, string | undefined>, field: CommentField | 'parentId'): string[] {
  const result = parse(values);
  assert.equal(result.success, false, `expected ${field} to be refused`);
  if (result.success) return [];
  const errors = fieldErrorsOf<CommentField | 'parentId'>(result.error)[field] ?? [];
  assert.ok(errors.length > 0, `expected an error on ${field}, got ${JSON.stringify(fieldErrorsOf(result.error))}`);
  return errors;
}

describe('CommentInput: normalisation', () => {
  test('comment is NFC-normalised, control characters dropped, \\r\\n folded, trimmed', () => {
    const data = ok({ comment: '  Cafe\u0301\u0000 ok\r\nline two\tend\u0007  ' });
    assert.equal(data.comment, 'Café ok\nline two\tend');
  });

  test('lone surrogates are made well-formed', () => {
    const data = ok({ comment: 'half \uD83D pair' });
    assert.equal(data.comment, 'half \uFFFD pair');
    assert.equal(data.comment.isWellFormed(), true);
  });

  test('name is single-line and trimmed', () => {
    assert.equal(ok({ name: '  Ann\r\nLee\u0001 ' }).name, 'Ann Lee');
  });

  test('email is trimmed', () => {
    assert.equal(ok({ email: '  ann@example.com \n' }).email, 'ann@example.com');
  });
});

describe('CommentInput: required fields', () => {
  for (const blank of ['', '   ', '\u200B', ' \u200B\u2060 ', '\u3164', '\n\t\n']) {
    test(`comment ${JSON.stringify(blank)} counts as empty`, () => {
      assert.deepEqual(errorsOf({ comment: blank }, 'comment'), ['Comment is required.']);
    });
    test(`name ${JSON.stringify(blank)} counts as empty`, () => {
      assert.deepEqual(errorsOf({ name: blank }, 'name'), ['Name is required.']);
    });
  }

  test('missing fields are required with plain messages', () => {
    const result = CommentInput.safeParse({});
    assert.equal(result.success, false);
    if (result.success) return;
    const errors = fieldErrorsOf<CommentField>(result.error);
    assert.deepEqual(errors.comment, ['Comment is required.']);
    assert.deepEqual(errors.name, ['Name is required.']);
    assert.deepEqual(errors.email, ['Email is required.']);
    assert.equal(errors.website, undefined);
  });

  test('empty email is required', () => {
    assert.deepEqual(errorsOf({ email: '  ' }, 'email'), ['Email is required.']);
  });
});

describe('CommentInput: limits', () => {
  test('limits match the design', () => {
    assert.deepEqual(commentLimits, { comment: 5000, name: 245, email: 100, website: 200 });
  });

  test('comment: 5,000 characters pass, 5,001 fail with a message naming the limit', () => {
    assert.equal(ok({ comment: 'x'.repeat(5000) }).comment.length, 5000);
    const [message] = errorsOf({ comment: 'x'.repeat(5001) }, 'comment');
    assert.match(message ?? '', /5,000/);
    assert.match(message ?? '', /Comment/);
  });

  test('comment length counts code points: 5,000 emoji pass, 5,001 fail', () => {
    assert.ok(ok({ comment: '😀'.repeat(5000) }));
    const [message] = errorsOf({ comment: '😀'.repeat(5001) }, 'comment');
    assert.match(message ?? '', /5,000/);
    assert.match(message ?? '', /5,001/);
  });

  test('comment length is counted after trimming', () => {
    assert.ok(ok({ comment: `  ${'x'.repeat(5000)}  ` }));
  });

  test('name: 245 pass, 246 fail naming the limit', () => {
    assert.ok(ok({ name: 'n'.repeat(245) }));
    const [message] = errorsOf({ name: 'n'.repeat(246) }, 'name');
    assert.match(message ?? '', /Name must be at most 245 characters/);
  });

  test('email: 100 pass, 101 fail naming the limit', () => {
    const local = (n: number) => `${'a'.repeat(n - '@example.com'.length)}@example.com`;
    assert.equal(local(100).length, 100);
    assert.ok(ok({ email: local(100) }));
    const messages = errorsOf({ email: local(101) }, 'email');
    assert.ok(
      messages.some((m) => /Email must be at most 100 characters/.test(m)),
      JSON.stringify(messages),
    );
  });

  for (const bad of ['ann', 'ann@', '@example.com', 'ann example.com', 'ann@@example.com', 'ann@example']) {
    test(`email ${JSON.stringify(bad)} is not valid`, () => {
      assert.deepEqual(errorsOf({ email: bad }, 'email'), ['Email must be a valid address, such as name@example.com.']);
    });
  }

  test('website: 200 pass, 201 fail naming the limit', () => {
    const site = (n: number) => `https://example.com/${'p'.repeat(n - 'https://example.com/'.length)}`;
    assert.equal(site(200).length, 200);
    assert.ok(ok({ website: site(200) }).website);
    assert.deepEqual(errorsOf({ website: site(201) }, 'website'), ['Website must be at most 200 characters.']);
  });
});

describe('CommentInput: website', () => {
  for (const bad of [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    '\u0000javascript:alert(1)',
    'javascript:1',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ftp://example.com',
    'mailto:ann@example.com',
    'file:///etc/passwd',
    'not a site',
    'example',
  ]) {
    test(`${JSON.stringify(bad)} is refused`, () => {
      const messages = errorsOf({ website: bad }, 'website');
      assert.match(messages[0] ?? '', /^Website must /);
    });
  }

  test('"example.com" becomes https://example.com/', () => {
    assert.equal(ok({ website: 'example.com' }).website, 'https://example.com/');
    assert.equal(ok({ website: '  www.example.com/about ' }).website, 'https://www.example.com/about');
  });

  test('"localhost:3000" is accepted', () => {
    assert.equal(ok({ website: 'localhost:3000' }).website, 'https://localhost:3000/');
  });

  test('http and https are kept as typed', () => {
    assert.equal(ok({ website: 'http://example.com' }).website, 'http://example.com/');
    assert.equal(ok({ website: 'https://example.com/a?b=c' }).website, 'https://example.com/a?b=c');
    assert.equal(ok({ website: 'HTTPS://Example.com/x' }).website, 'https://example.com/x');
  });

  test('empty or missing website is undefined', () => {
    assert.equal(ok({ website: undefined }).website, undefined);
    assert.equal(ok({ website: '' }).website, undefined);
    assert.equal(ok({ website: ' \u200B ' }).website, undefined);
  });
});

describe('CommentInput: notify', () => {
  test('notify is off unless ticked', () => {
    assert.equal(ok({ notify: 'on' }).notify, true);
    assert.equal(ok({ notify: undefined }).notify, false);
    assert.equal(ok({ notify: '' }).notify, false);
  });
});

describe('CommentInput: save and parentId', () => {
  test('save is true only when ticked', () => {
    assert.equal(ok({ save: 'on' }).save, true);
    assert.equal(ok({ save: 'true' }).save, true);
    assert.equal(ok({ save: undefined }).save, false);
    assert.equal(ok({ save: '' }).save, false);
    assert.equal(ok({ save: 'off' }).save, false);
  });

  test('parentId is a positive whole number or absent', () => {
    assert.equal(ok({ parentId: '42' }).parentId, 42);
    assert.equal(ok({ parentId: '' }).parentId, undefined);
    assert.equal(ok({ parentId: undefined }).parentId, undefined);
  });

  for (const bad of ['0', '-1', '1.5', 'abc', 'NaN', 'Infinity', '9007199254740993']) {
    test(`parentId ${JSON.stringify(bad)} is refused`, () => {
      assert.deepEqual(errorsOf({ parentId: bad }, 'parentId'), ['The comment you are replying to no longer exists.']);
    });
  }
});

describe('readCommentForm', () => {
  test('reads only the known string fields', () => {
    const form = new FormData();
    form.set('comment', 'Hi');
    form.set('name', 'Ann');
    form.set('email', 'ann@example.com');
    form.set('save', 'on');
    form.set('parentId', '3');
    form.set('status', 'approved');
    form.set('website', new Blob(['x']), 'x.txt');
    assert.deepEqual(readCommentForm(form), {
      comment: 'Hi',
      name: 'Ann',
      email: 'ann@example.com',
      save: 'on',
      parentId: '3',
    });
  });
});

describe('CommentInput: the website as stored', () => {
  test(
    'the stored website address never exceeds the 200-character limit',
    () => {
      for (const typed of ['a'.repeat(190) + '.com', `https://ex.com/${'é'.repeat(150)}`]) {
        const result = parse({ website: typed });
        if (result.success) assert.ok((result.data.website ?? '').length <= 200, `${result.data.website?.length} characters stored`);
      }
    },
  );
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { characterCount, isBlank, normalizeText, toParagraphs, type BodySegment } from './text';

const multiline = { multiline: true };
const singleLine = { multiline: false };

describe('normalizeText', () => {
  test('composes to NFC', () => {
    assert.equal(normalizeText('Caf' + 'e\u0301', multiline), 'Café');
    assert.equal(normalizeText('e\u0301', singleLine), '\u00E9');
  });

  test('the result is NFC even when a dropped control character stood between a letter and its accent', () => {
    for (const options of [multiline, singleLine]) {
      const text = normalizeText('Cafe\u0000\u0301 e\u0007\u0301', options);
      assert.equal(text, 'Caf\u00E9 \u00E9');
      assert.equal(text, text.normalize('NFC'));
    }
  });

  test('drops control characters but keeps newlines and tabs in multi-line text', () => {
    assert.equal(normalizeText('a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Fg', multiline), 'abcdefg');
    assert.equal(normalizeText('one\ttwo\nthree', multiline), 'one\ttwo\nthree');
  });

  test('folds \\r\\n and lone \\r into \\n', () => {
    assert.equal(normalizeText('a\r\nb\rc', multiline), 'a\nb\nc');
  });

  test('a single-line field turns newlines and tabs into spaces', () => {
    assert.equal(normalizeText('Ann\r\n\tLee', singleLine), 'Ann Lee');
  });

  test('lone surrogates become well-formed (U+FFFD), pairs are kept', () => {
    const result = normalizeText('a\uD800b\uDC00c😀', multiline);
    assert.equal(result, 'a\uFFFDb\uFFFDc😀');
    assert.equal(result.isWellFormed(), true);
  });

  test('trims leading and trailing whitespace', () => {
    assert.equal(normalizeText('  \n\t hello world \n ', multiline), 'hello world');
  });
});

describe('isBlank', () => {
  for (const value of ['', ' ', '\n\t', '\u200B', ' \u200B\u2060 ', '\u3164', '\uFEFF', '\u2800', '\u00AD']) {
    test(`${JSON.stringify(value)} draws nothing`, () => {
      assert.equal(isBlank(value), true);
    });
  }
  test('visible text is not blank', () => {
    assert.equal(isBlank('\u200Ba'), false);
    assert.equal(isBlank('.'), false);
  });
});

describe('characterCount', () => {
  test('counts code points, so an emoji is one character', () => {
    assert.equal(characterCount('😀'), 1);
    assert.equal(characterCount('a😀b'), 3);
    assert.equal(characterCount('😀'.repeat(5000)), 5000);
    assert.equal(characterCount('abc'), 3);
  });
});

type Line = BodySegment[];

function line(paragraphs: ReturnType<typeof toParagraphs>, p = 0, l = 0): Line {
  const found = paragraphs[p]?.[l];
  assert.ok(found, `paragraph ${p} line ${l} exists`);
  return found;
}

describe('toParagraphs', () => {
  test('blank lines separate paragraphs, single newlines separate lines', () => {
    const paragraphs = toParagraphs('First para\nsecond line\n\n\n  \t\nSecond para');
    assert.deepEqual(paragraphs, [
      [[{ kind: 'text', text: 'First para' }], [{ kind: 'text', text: 'second line' }]],
      [[{ kind: 'text', text: 'Second para' }]],
    ]);
  });

  test('empty input gives no paragraphs', () => {
    assert.deepEqual(toParagraphs(''), []);
    assert.deepEqual(toParagraphs('\n\n \n'), []);
  });

  test('http and https addresses become links', () => {
    assert.deepEqual(line(toParagraphs('See https://example.com/a?b=1#c and http://x.org now')), [
      { kind: 'text', text: 'See ' },
      { kind: 'link', href: 'https://example.com/a?b=1#c', text: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', href: 'http://x.org', text: 'http://x.org' },
      { kind: 'text', text: ' now' },
    ]);
  });

  for (const trailing of ['.', ',', ';', ':', '!', '?', ')', '”', '’', '"', "'", '.)', '!”']) {
    test(`trailing ${JSON.stringify(trailing)} stays outside the link`, () => {
      assert.deepEqual(line(toParagraphs(`Read https://example.com/page${trailing}`)), [
        { kind: 'text', text: 'Read ' },
        { kind: 'link', href: 'https://example.com/page', text: 'https://example.com/page' },
        { kind: 'text', text: trailing },
      ]);
    });
  }

  test('a bare scheme is not a link', () => {
    assert.deepEqual(line(toParagraphs('https:// and https://.')), [{ kind: 'text', text: 'https:// and https://.' }]);
  });

  test('javascript:, data: and other schemes are never linked', () => {
    for (const body of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.com', 'vbscript:x']) {
      const segments = toParagraphs(body).flat(2);
      assert.ok(
        segments.every((s) => s.kind === 'text'),
        `${body} must stay text`,
      );
    }
    // A javascript: wrapper around a real address links only the address.
    const segments = toParagraphs('javascript:open("https://example.com")').flat(2);
    for (const s of segments) if (s.kind === 'link') assert.match(s.href, /^https:\/\//);
  });

  test('markup is plain text, never interpreted', () => {
    const html = '<script>alert(1)</script> <b>bold</b> &amp; <a href="https://evil.example">x</a>';
    const segments = toParagraphs(html).flat(2);
    assert.equal(segments.map((s) => s.text).join(''), html);
    const links = segments.filter((s) => s.kind === 'link');
    assert.deepEqual(
      links.map((s) => s.href),
      ['https://evil.example'],
    );
  });

  test('every link href starts with http: or https:', () => {
    const body = 'a https://a.example/x. b\nhttp://b.example, c HTTPS://C.EXAMPLE! xhttps://d.example';
    for (const s of toParagraphs(body).flat(2)) {
      if (s.kind === 'link') assert.match(s.href, /^https?:\/\/[^\s]+$/i);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownToBlocks, safeHref } from './markdown';
import type { ArticleBlock, Inline } from './article-body';

function allInlines(blocks: ArticleBlock[]): Inline[] {
  return blocks.flatMap((block) => {
    if (block.type === 'paragraph') return block.inlines ?? [{ text: block.text }];
    if (block.type === 'quote') return block.inlines;
    if (block.type === 'list') return block.items.flat();
    return [];
  });
}

describe('markdownToBlocks', () => {
  test('headings at two levels, paragraphs with strong, em, code and links', () => {
    const blocks = markdownToBlocks('## Section\n\n### Sub\n\nSome **bold**, *em*, `code` and [a link](https://example.com/a).');
    assert.deepEqual(blocks, [
      { type: 'heading', text: 'Section', level: 2 },
      { type: 'heading', text: 'Sub', level: 3 },
      {
        type: 'paragraph',
        text: 'Some bold, em, code and a link.',
        inlines: [
          { text: 'Some ' },
          { text: 'bold', marks: ['strong'] },
          { text: ', ' },
          { text: 'em', marks: ['em'] },
          { text: ', ' },
          { text: 'code', marks: ['code'] },
          { text: ' and ' },
          { text: 'a link', href: 'https://example.com/a' },
          { text: '.' },
        ],
      },
    ]);
  });

  test('a single # heading and deeper ones fold into the two levels the page has', () => {
    assert.deepEqual(markdownToBlocks('# Top\n\n#### Deep'), [
      { type: 'heading', text: 'Top', level: 2 },
      { type: 'heading', text: 'Deep', level: 3 },
    ]);
  });

  test('plain paragraphs carry no inlines', () => {
    assert.deepEqual(markdownToBlocks('One line\nand the next.\n\nAnother.'), [
      { type: 'paragraph', text: 'One line\nand the next.' },
      { type: 'paragraph', text: 'Another.' },
    ]);
  });

  test('lists, ordered and not, and block quotes', () => {
    const blocks = markdownToBlocks('- one\n- **two**\n\n1. first\n2. second\n\n> Quoted *words*\n> go on');
    assert.deepEqual(blocks, [
      { type: 'list', ordered: false, text: 'one\ntwo', items: [[{ text: 'one' }], [{ text: 'two', marks: ['strong'] }]] },
      { type: 'list', ordered: true, text: 'first\nsecond', items: [[{ text: 'first' }], [{ text: 'second' }]] },
      { type: 'quote', text: 'Quoted words\ngo on', inlines: [{ text: 'Quoted ' }, { text: 'words', marks: ['em'] }, { text: '\ngo on' }] },
    ]);
  });

  test('an image from the library, with its alt text and caption', () => {
    assert.deepEqual(markdownToBlocks('![Crowds on the bridge](image:12 "The march, Saturday")'), [
      { type: 'image', imageId: 12, alt: 'Crowds on the bridge', caption: 'The march, Saturday', text: 'The march, Saturday' },
    ]);
    // Not from the library: the description stays as text, nothing is loaded.
    assert.deepEqual(markdownToBlocks('![tracker](https://evil.example/pixel.gif)'), [{ type: 'paragraph', text: 'tracker' }]);
  });

  test('a bare link alone on its line is an embed card; one inside a sentence is a link', () => {
    assert.deepEqual(markdownToBlocks('https://example.com/story'), [
      { type: 'embed', url: 'https://example.com/story', text: 'https://example.com/story' },
    ]);
    const [block] = markdownToBlocks('See https://example.com/story now');
    assert.equal(block?.type, 'paragraph');
    assert.deepEqual(allInlines([block!]).find((inline) => inline.href), {
      text: 'https://example.com/story',
      href: 'https://example.com/story',
    });
  });

  test('character references show as the characters', () => {
    assert.deepEqual(markdownToBlocks('Fish &amp; chips &#8212; &lt;b&gt;'), [{ type: 'paragraph', text: 'Fish & chips — <b>' }]);
  });
});

describe('markdownToBlocks never makes markup or unsafe links', () => {
  const payloads = [
    '<script>alert(1)</script>',
    'Hello <script>alert(1)</script> world',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    '<div onclick="alert(1)">x</div>\n\ntext',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](  javascript:alert(1))',
    '[click](&#106;avascript:alert(1))',
    '[click](data:text/html;base64,PHNjcmlwdD4=)',
    '[click](vbscript:msgbox)',
    '[click](/relative/path)',
    '[click](//evil.example/x)',
    '<javascript:alert(1)>',
    '![x](javascript:alert(1))',
    '![x](image:1 "a\\" onerror=\\"alert(1)")',
    '[x](https://ok.example "title" onmouseover="alert(1)")',
    '<svg/onload=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<style>body{display:none}</style>',
  ];

  for (const payload of payloads) {
    test(JSON.stringify(payload), () => {
      const blocks = markdownToBlocks(payload);
      for (const inline of allInlines(blocks)) {
        if (inline.href) assert.match(inline.href, /^(https?:\/\/[^/]|mailto:)/, `unsafe href ${inline.href}`);
      }
      for (const block of blocks) {
        assert.ok(['paragraph', 'heading', 'list', 'quote', 'image', 'embed'].includes(block.type));
        if (block.type === 'embed') assert.match(block.url, /^https?:\/\//);
        if (block.type === 'image') assert.ok(Number.isSafeInteger(block.imageId));
      }
      // Whatever markup was typed is still there, as text for a reader to see.
      if (payload.startsWith('<script')) assert.equal(blocks[0]?.text, payload);
    });
  }

  test('raw HTML inside a paragraph is kept as its characters', () => {
    const [block] = markdownToBlocks('Hello <b onclick="x">there</b>');
    assert.equal(block?.text, 'Hello <b onclick="x">there</b>');
  });

  test('a javascript: link keeps its words and loses its address', () => {
    assert.deepEqual(markdownToBlocks('[click me](javascript:alert(1))'), [{ type: 'paragraph', text: 'click me' }]);
  });

  test('mailto links are kept', () => {
    const [block] = markdownToBlocks('[Write to us](mailto:desk@example.com)');
    assert.deepEqual(allInlines([block!]), [{ text: 'Write to us', href: 'mailto:desk@example.com' }]);
  });

  test('empty and whitespace-only input makes no blocks', () => {
    assert.deepEqual(markdownToBlocks(''), []);
    assert.deepEqual(markdownToBlocks('  \n\n \n'), []);
  });
});

describe('safeHref', () => {
  test('http, https and mailto only', () => {
    assert.equal(safeHref('https://example.com'), 'https://example.com/');
    assert.equal(safeHref('http://example.com/a?b=1'), 'http://example.com/a?b=1');
    assert.equal(safeHref('mailto:a@example.com'), 'mailto:a@example.com');
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'ftp://x.example', '/path', '#frag', 'https://', '']) {
      assert.equal(safeHref(bad), null, bad);
    }
  });
});

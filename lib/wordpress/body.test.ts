import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentText, convertBody, decodeEntities } from './body';

test('Gutenberg blocks: heading, paragraph with marks and a link, list, quote with its source, image with alt and caption', () => {
  const { blocks, warnings } = convertBody(`<!-- wp:heading -->
<h2>What is at <em>stake</em></h2>
<!-- /wp:heading -->
<!-- wp:paragraph -->
<p>Exports worth <strong>£3bn</strong>, says <a href="https://example.org/r">a report</a> &amp; more.</p>
<!-- /wp:paragraph -->
<!-- wp:list {"ordered":true} -->
<ol><li>One</li><li>Two <em>too</em></li></ol>
<!-- /wp:list -->
<!-- wp:quote -->
<blockquote class="wp-block-quote"><p>“We will.”</p><cite>A minister</cite></blockquote>
<!-- /wp:quote -->
<!-- wp:image -->
<figure class="wp-block-image"><img src="https://old.example/wp-content/uploads/a.jpg" alt="A furnace"/><figcaption>At dusk</figcaption></figure>
<!-- /wp:image -->`);
  assert.deepEqual(warnings, []);
  assert.deepEqual(blocks, [
    { type: 'heading', text: 'What is at stake', level: 2 },
    {
      type: 'paragraph',
      text: 'Exports worth £3bn, says a report & more.',
      inlines: [
        { text: 'Exports worth ' },
        { text: '£3bn', marks: ['strong'] },
        { text: ', says ' },
        { text: 'a report', href: 'https://example.org/r' },
        { text: ' & more.' },
      ],
    },
    { type: 'list', ordered: true, items: [[{ text: 'One' }], [{ text: 'Two ' }, { text: 'too', marks: ['em'] }]], text: 'One\nTwo too' },
    { type: 'quote', text: '“We will.” — A minister', inlines: [{ text: '“We will.” — A minister' }] },
    { type: 'wordpress-image', src: 'https://old.example/wp-content/uploads/a.jpg', alt: 'A furnace', caption: 'At dusk', text: 'At dusk' },
  ]);
});

test('classic HTML: blank lines are paragraphs, [caption] is an image with its caption', () => {
  const { blocks } = convertBody('First paragraph\nstill first.\n\nSecond <b>bold</b>.\n\n[caption id="x" align="alignnone" width="300"]<img src="/wp-content/uploads/b.png" alt="Bee" /> A bee[/caption]');
  assert.deepEqual(blocks, [
    { type: 'paragraph', text: 'First paragraph still first.' },
    { type: 'paragraph', text: 'Second bold.', inlines: [{ text: 'Second ' }, { text: 'bold', marks: ['strong'] }, { text: '.' }] },
    { type: 'wordpress-image', src: '/wp-content/uploads/b.png', alt: 'Bee', caption: 'A bee', text: 'A bee' },
  ]);
});

test('scripts, event handlers, frames, javascript: links and unknown embeds never reach a reader; each says so', () => {
  const { blocks, warnings } = convertBody(`<!-- wp:html -->
<div class="embed" onclick="steal()">Chart below<script>document.title='pwned'</script><style>body{display:none}</style></div>
<!-- /wp:html -->
<p><a href="javascript:alert(1)">click</a> <img src="x.png" onerror="alert(1)"></p>
<iframe src="https://evil.example"></iframe>
<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","type":"video"} -->
<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">https://www.youtube.com/watch?v=abc</div></figure>
<!-- /wp:embed -->
<!-- wp:jetpack/map {"points":[]} --><div>Map of the town</div><!-- /wp:jetpack/map -->
[gallery ids="1,2,3"]`);
  const json = JSON.stringify(blocks);
  assert.doesNotMatch(json, /script|pwned|display:none|javascript|onclick|onerror|iframe|evil|gallery/);
  assert.deepEqual(blocks.map((b) => b.type), ['paragraph', 'paragraph', 'wordpress-image', 'embed', 'paragraph']);
  assert.deepEqual(blocks[3], { type: 'embed', url: 'https://www.youtube.com/watch?v=abc', text: 'https://www.youtube.com/watch?v=abc' });
  for (const expected of [/<script> was dropped/, /<style> was dropped/, /event handler \(onclick/, /event handler \(onerror/, /<iframe> was dropped/, /javascript:alert\(1\) lost its address/, /unknown block \(wp:jetpack\/map\)/, /shortcode \(\[gallery/, /embeds become link cards/]) {
    assert.ok(warnings.some((w) => expected.test(w)), `a warning matching ${expected}: ${warnings.join(' | ')}`);
  }
});

test('a comment as plain text: paragraphs kept, a link keeps its address, a script goes', () => {
  assert.deepEqual(commentText('<p>One &amp; two</p><p>See <a href="https://example.net/x">this</a>.<br>Bye</p><script>x()</script>'), {
    text: 'One & two\n\nSee this (https://example.net/x).\nBye',
    warnings: ['<script> in a comment was dropped'],
  });
  assert.equal(commentText('Plain text\nwith a line').text, 'Plain text\nwith a line');
  assert.equal(commentText('<a href="https://example.org">https://example.org</a> <a href="javascript:x()">no</a>').text, 'https://example.org no');
});

test('names stored with entities are decoded, and nothing else is read from them', () => {
  assert.equal(decodeEntities('Business &amp; Economy'), 'Business & Economy');
  assert.equal(decodeEntities('<b>Bold</b> &#8217;'), '<b>Bold</b> ’');
});

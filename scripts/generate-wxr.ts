import fs from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { generateWxr, type GeneratedPost } from '../lib/wordpress/generate';

// `node --import tsx scripts/generate-wxr.ts FILE.xml [--posts 1000] [--comments 100000]`: a WordPress
// export for the import's figure: posts with threaded comments (a third of them replies), written as a stream.

const { values, positionals } = parseArgs({ allowPositionals: true, options: { posts: { type: 'string', default: '1000' }, comments: { type: 'string', default: '100000' } } });
const [file] = positionals;
if (!file) {
  console.error('Usage: node --import tsx scripts/generate-wxr.ts FILE.xml [--posts 1000] [--comments 100000]');
  process.exit(1);
}
const postCount = Number(values.posts);
const perPost = Math.ceil(Number(values.comments) / postCount);

function* posts(): Generator<GeneratedPost> {
  let commentId = 0;
  for (let id = 1; id <= postCount; id++) {
    const comments = Array.from({ length: perPost }, (_, i) => {
      commentId++;
      return { id: commentId, ...(i % 3 === 2 ? { parent: commentId - 1 } : {}), approved: i % 10 === 9 ? '0' : '1' };
    });
    yield { id, slug: `generated-story-${id}`, categories: [`desk-${id % 8}`], comments };
  }
}

const out = fs.createWriteStream(file);
for (const piece of generateWxr('http://generated.example', posts())) {
  if (!out.write(piece)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
console.error(`generate-wxr: ${postCount} posts, ${postCount * perPost} comments, ${fs.statSync(file).size} bytes in ${file}`);

import type { ArticleBlock, Inline } from '@/lib/article-body';
import { imagePath } from '@/lib/paths';

// The article body for readers, and the same for the newsroom's live preview: blocks of text with
// marks, never HTML. Links are http, https or mailto only (lib/markdown.ts made sure of it).

function Run({ inline }: { inline: Inline }) {
  let node: React.ReactNode = inline.text;
  for (const mark of inline.marks ?? []) {
    if (mark === 'strong') node = <strong>{node}</strong>;
    else if (mark === 'em') node = <em>{node}</em>;
    else if (mark === 'code') node = <code>{node}</code>;
  }
  return inline.href ? (
    <a href={inline.href} rel="noopener noreferrer">
      {node}
    </a>
  ) : (
    <>{node}</>
  );
}

function Inlines({ inlines }: { inlines: readonly Inline[] }) {
  return inlines.map((inline, index) => <Run key={index} inline={inline} />);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

export function ArticleBody({ blocks }: { blocks: readonly ArticleBlock[] }) {
  return (
    <div className="article-body">
      {blocks.map((block, index) => {
        switch (block.type) {
          case 'dateline':
            return (
              <p key={index}>
                <span className="dateline">{block.place} –</span> {block.text}
              </p>
            );
          case 'heading':
            return block.level === 3 ? <h3 key={index}>{block.text}</h3> : <h2 key={index}>{block.text}</h2>;
          case 'paragraph':
            return <p key={index}>{block.inlines ? <Inlines inlines={block.inlines} /> : block.text}</p>;
          case 'list': {
            const items = block.items.map((item, i) => (
              <li key={i}>
                <Inlines inlines={item} />
              </li>
            ));
            return block.ordered ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>;
          }
          case 'quote':
            return (
              <blockquote key={index}>
                <p>
                  <Inlines inlines={block.inlines} />
                </p>
              </blockquote>
            );
          case 'image':
            return (
              <figure key={index} className="article-figure">
                {/* eslint-disable-next-line @next/next/no-img-element -- served by the image pipeline, sized there */}
                <img src={imagePath(block.imageId)} alt={block.alt} loading="lazy" />
                {(block.caption || block.credit) && (
                  <figcaption>
                    {block.caption}
                    {block.credit && <span className="credit"> {block.credit}</span>}
                  </figcaption>
                )}
              </figure>
            );
          case 'embed':
            return (
              <p key={index} className="embed-card">
                <a href={block.url} rel="noopener noreferrer nofollow">
                  <span className="embed-host">{hostOf(block.url)}</span>
                  <span className="embed-url">{block.url}</span>
                </a>
              </p>
            );
        }
      })}
    </div>
  );
}

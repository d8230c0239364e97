import type { ArticleBlock, Inline } from '@/lib/article-body';
import type { ImageDto } from '@/lib/images';
import { imagePath } from '@/lib/paths';
import { ArticleFigure } from './article-figure';
import { ResponsiveImage } from './responsive-image';

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

export function ArticleBody({
  blocks,
  images,
}: {
  blocks: readonly ArticleBlock[];
  /** The body's images by number, when the page has looked them up: drawn at every stored width. */
  images?: Readonly<Record<number, ImageDto>>;
}) {
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
          case 'image': {
            const image = images?.[block.imageId];
            return (
              <ArticleFigure key={index} caption={block.caption} credit={block.credit}>
                {image ? (
                  <ResponsiveImage image={image} alt={block.alt} />
                ) : (
                  // The editor's preview, before the page knows the image: its number redirects to the file.
                  // eslint-disable-next-line @next/next/no-img-element
                  <img src={imagePath(block.imageId)} alt={block.alt} loading="lazy" />
                )}
              </ArticleFigure>
            );
          }
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

import type { ArticleBlock } from '@/lib/article-body';

export function ArticleBody({ blocks }: { blocks: ArticleBlock[] }) {
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
            return <h2 key={index}>{block.text}</h2>;
          case 'paragraph':
            return <p key={index}>{block.text}</p>;
        }
      })}
    </div>
  );
}

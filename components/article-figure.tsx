import type { ReactNode } from 'react';

/** A picture in an article (its lead, or one in the body) with its caption and credit when it has them. */
export function ArticleFigure({
  caption,
  credit,
  lead = false,
  children,
}: {
  caption?: string | null;
  credit?: string | null;
  lead?: boolean;
  children: ReactNode;
}) {
  return (
    <figure className={lead ? 'article-figure lead' : 'article-figure'}>
      {children}
      {(caption || credit) && (
        <figcaption>
          {caption}
          {credit && <span className="credit"> {credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}

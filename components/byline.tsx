import Link from 'next/link';
import type { StoryByline } from '@/db/queries/stories';
import { authorPath } from '@/lib/paths';

/** "By A, B and C", each linking to their page; the old credited line when there are no bylines. */
export function Byline({ bylines, credit }: { bylines: StoryByline[]; credit: string | null }) {
  if (bylines.length === 0) return credit ? <>By {credit}</> : null;
  return (
    <>
      By{' '}
      {bylines.map((byline, index) => (
        <span key={`${byline.slug}-${index}`}>
          {index > 0 && (index === bylines.length - 1 ? ' and ' : ', ')}
          <Link href={authorPath(byline.slug)} prefetch={false}>
            {byline.name}
          </Link>
        </span>
      ))}
    </>
  );
}

import Link from 'next/link';
import { endSurge } from '@/app/admin/surge/actions';
import type { SurgeListItem } from '@/db/queries/surges';
import { describeInterval, surgeKindLabels } from '@/lib/surge';
import { formatInZone } from '@/lib/zoned-time';
import { SurgeForm } from './surge-form';

/** The surges listed with their end time in the site's zone, and End now on each one in force. */
export function SurgeList({ surges, timeZone, caption }: { surges: SurgeListItem[]; timeZone: string; caption: string }) {
  if (surges.length === 0) return <p>{caption === 'Recent surges' ? 'No recent surge.' : 'No surge in force.'}</p>;
  return (
    <table className="surge-list">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Surge</th>
          <th scope="col">Where</th>
          <th scope="col">Started</th>
          <th scope="col">Ends</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {surges.map((surge) => {
          const what = `${surgeKindLabels[surge.kind]}${surge.kind === 'slow' && surge.value ? `: one comment per ${describeInterval(surge.value)}` : ''}`;
          const where = surge.article?.headline ?? 'The whole site';
          return (
            <tr key={surge.id}>
              <td>{what}</td>
              <td>{where}</td>
              <td>
                {surge.startedBy ?? 'Someone'}, <time dateTime={surge.startsAt}>{formatInZone(surge.startsAt, timeZone)}</time>
              </td>
              <td>
                {surge.active
                  ? surge.kind === 'close'
                    ? 'Closes '
                    : 'Until '
                  : surge.endedBy
                    ? `Ended by ${surge.endedBy}, `
                    : surge.kind === 'close'
                      ? 'Comments closed at its time, '
                      : 'Ended at its time, '}
                <time dateTime={surge.endsAt}>{formatInZone(surge.endsAt, timeZone)}</time>
              </td>
              <td>
                {surge.active && (
                  <form action={endSurge.bind(null, surge.id)}>
                    <button type="submit" aria-label={`End now: ${what}, ${where}`}>
                      End now
                    </button>
                  </form>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The Surge panel of the queue (site or a chosen article) and of an article's editor page (that article). */
export function SurgePanel({
  surges,
  timeZone,
  articleId,
  articles,
}: {
  surges: SurgeListItem[];
  timeZone: string;
  articleId?: number;
  articles?: { id: number; headline: string }[];
}) {
  return (
    <section className="surge-panel" aria-labelledby="surge-panel-title">
      <h2 id="surge-panel-title">Surge</h2>
      <p>
        For a story that draws a crowd: hold every comment, close comments at a time, or slow posting down, until a time you
        choose. <Link href="/admin/surge">All surges</Link>
      </p>
      <SurgeList surges={surges} timeZone={timeZone} caption="Surges in force" />
      <details>
        <summary>Start a surge</summary>
        <SurgeForm articleId={articleId} articles={articles} />
      </details>
    </section>
  );
}

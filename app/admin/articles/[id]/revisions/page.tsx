import Link from 'next/link';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getArticleForEditing, getRevisions, listRevisions, type ArticleSnapshot } from '@/db/queries/newsroom';
import { getSiteSettings } from '@/db/queries/settings';
import { requireStaff } from '@/app/_lib/session';
import { diffLines } from '@/lib/line-diff';
import { newsroomArticlePath } from '@/lib/paths';
import { formatInZone } from '@/lib/zoned-time';
import { restoreArticleRevision } from '../../actions';

export const metadata: Metadata = { title: 'Revisions' };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A revision's fields as lines of text, for a line diff. */
function linesOf(snapshot: ArticleSnapshot): string {
  return [
    `Headline: ${snapshot.headline}`,
    `Standfirst: ${snapshot.standfirst}`,
    `Address: ${snapshot.slug}`,
    `Byline: ${snapshot.byline.join(', ')}`,
    `Section: ${snapshot.sectionId ?? 'none'}`,
    `Tags: ${snapshot.tags.join(', ')}`,
    `Lead image: ${snapshot.imageId ?? 'none'}${snapshot.imageId ? ` (alt: ${snapshot.imageAlt}; caption: ${snapshot.imageCaption}; credit: ${snapshot.imageCredit})` : ''}`,
    `Comments: ${snapshot.commentsOpen ? 'open' : 'closed'}`,
    `Correction: ${snapshot.correction}`,
    `Status: ${snapshot.status}`,
    '',
    ...snapshot.bodySource.split('\n'),
  ].join('\n');
}

const notices: Record<string, string> = {
  stale: 'Someone saved the article since this page was opened; nothing was restored. The list below is current: try again.',
  'not-found': 'That revision no longer exists.',
  'not-allowed': 'Your role cannot change this article.',
};

export default async function RevisionsPage({ params, searchParams }: PageProps<'/admin/articles/[id]/revisions'>) {
  const articleId = Number((await params).id);
  if (!Number.isSafeInteger(articleId) || articleId < 1) notFound();
  const query = await searchParams;
  const staff = await requireStaff('write', newsroomArticlePath(articleId, 'revisions'));
  const [article, revisions] = await Promise.all([getArticleForEditing(staff, articleId), listRevisions(staff, articleId)]);
  if (!article || !revisions) notFound();
  const { timeZone } = await getSiteSettings();
  const a = Number(first(query.a));
  const b = Number(first(query.b));
  const compared = a && b ? await getRevisions(staff, articleId, [a, b]) : [];
  const older = compared.find((revision) => revision.id === Math.min(a, b));
  const newer = compared.find((revision) => revision.id === Math.max(a, b));
  const notice = notices[first(query.notice) ?? ''];

  return (
    <div className="revisions">
      <h1>Revisions: {article.headline}</h1>
      <p>
        <Link href={newsroomArticlePath(articleId)}>Back to editing</Link>
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form method="get" action={newsroomArticlePath(articleId, 'revisions')}>
        <table>
          <caption className="visually-hidden">Revisions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">When</th>
              <th scope="col">Compare</th>
              {article.editable && <th scope="col">Restore</th>}
            </tr>
          </thead>
          <tbody>
            {revisions.map((revision, index) => (
              <tr key={revision.id}>
                <td>{revision.version}</td>
                <td>{revision.action}</td>
                <td>{revision.by ?? 'a former account'}</td>
                <td>{formatInZone(revision.createdAt, timeZone)}</td>
                <td>
                  <label>
                    <input type="radio" name="a" value={revision.id} defaultChecked={a ? a === revision.id : index === 1} /> from
                  </label>{' '}
                  <label>
                    <input type="radio" name="b" value={revision.id} defaultChecked={b ? b === revision.id : index === 0} /> to
                  </label>
                </td>
                {article.editable && (
                  <td>
                    {index > 0 && (
                      <button
                        type="submit"
                        formAction={restoreArticleRevision.bind(null, articleId, revision.id, article.version)}
                        aria-label={`Restore version ${revision.version}`}
                      >
                        Restore
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="form-submit">
          <button type="submit">Compare</button>
        </p>
      </form>
      {older && newer && (
        <section aria-labelledby="diff-title">
          <h2 id="diff-title">
            Version {older.version} → version {newer.version}
          </h2>
          <pre className="diff">
            {diffLines(linesOf(older.snapshot), linesOf(newer.snapshot)).map((line, index) => (
              <span key={index} className={`diff-${line.kind}`}>
                {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '− ' : '  '}
                {line.text}
                {'\n'}
              </span>
            ))}
          </pre>
        </section>
      )}
    </div>
  );
}

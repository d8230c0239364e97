import Link from 'next/link';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getImage } from '@/db/queries/images';
import { getArticleForEditing, getNewerAutosave, listBylineNames, listSections } from '@/db/queries/newsroom';
import { getSiteSettings } from '@/db/queries/settings';
import { requireStaff } from '@/app/_lib/session';
import { can } from '@/lib/accounts';
import { articleStateLabels, articleStates, createdNotices } from '@/lib/articles';
import { articlePath, newsroomArticlePath } from '@/lib/paths';
import { formatInZone, toZonedInput } from '@/lib/zoned-time';
import { ArticleEditor } from '@/app/admin/articles/_components/article-editor';
import { saveArticleForm } from '../actions';
import { SurgePanel } from '@/app/admin/_components/surge-panel';
import { listSurges } from '@/db/queries/surges';

export const metadata: Metadata = { title: 'Edit article' };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function EditArticlePage({ params, searchParams }: PageProps<'/admin/articles/[id]'>) {
  const articleId = Number((await params).id);
  if (!Number.isSafeInteger(articleId) || articleId < 1) notFound();
  const query = await searchParams;
  const staff = await requireStaff('write', newsroomArticlePath(articleId));
  const article = await getArticleForEditing(staff, articleId);
  if (!article) notFound();
  const { timeZone } = await getSiteSettings();
  const [sections, bylineNames, autosave, leadImage] = await Promise.all([
    listSections(staff),
    listBylineNames(staff),
    article.editable ? getNewerAutosave(staff, articleId) : null,
    article.imageId === null ? null : getImage(article.imageId),
  ]);
  const created = articleStates.find((state) => state === first(query.created));
  const notice = first(query.created)
    ? createdNotices[created ?? 'draft']
    : first(query.restored)
      ? 'The revision was restored as a new version.'
      : undefined;

  return (
    <div className="newsroom-edit">
      <h1>{article.headline}</h1>
      <p className="article-status">
        <strong>{articleStateLabels[article.state]}</strong>
        {article.state === 'scheduled' && <> for {formatInZone(article.publishedAt, timeZone)}</>}
        {article.state === 'published' && <> since {formatInZone(article.publishedAt, timeZone)}</>}
        {' · '}version {article.version}
        {' · '}
        <Link href={newsroomArticlePath(articleId, 'preview')}>Preview</Link>
        {' · '}
        <Link href={newsroomArticlePath(articleId, 'revisions')}>Revisions</Link>
        {article.state === 'published' && (
          <>
            {' · '}
            <Link href={articlePath(article.slug)}>View on the site</Link>
          </>
        )}
      </p>
      {article.editable ? (
        <ArticleEditor
          action={saveArticleForm.bind(null, articleId)}
          articleId={articleId}
          version={article.version}
          state={article.state}
          initial={{
            headline: article.headline,
            standfirst: article.standfirst,
            slug: article.slug,
            byline: article.byline.join(', '),
            sectionId: article.sectionId === null ? '' : String(article.sectionId),
            tags: article.tags.join(', '),
            body: article.bodySource,
            imageId: article.imageId === null ? '' : String(article.imageId),
            imageAlt: article.imageAlt,
            imageCaption: article.imageCaption,
            imageCredit: article.imageCredit,
            commentsOpen: article.commentsOpen ? 'on' : '',
            correction: article.correction,
            publishAt: article.state === 'scheduled' ? toZonedInput(article.publishedAt, timeZone) : '',
          }}
          canPublish={can(staff.role, 'publish')}
          publishedBefore={article.publishedBefore}
          timeZone={timeZone}
          leadImage={leadImage}
          sections={sections}
          bylineNames={bylineNames}
          autosave={autosave}
          localDraftKey={`margin:new-article:${staff.id}`}
          clearLocalDraft={Boolean(first(query.created))}
          notice={notice}
        />
      ) : (
        <p className="notice" role="status">
          This article is {articleStateLabels[article.state].toLowerCase()}: only editors can change it now.
        </p>
      )}
      {can(staff.role, 'moderate') && (
        <SurgePanel surges={(await listSurges(staff, { articleId, recent: 0 })).filter((surge) => surge.active)} articleId={articleId} timeZone={timeZone} />
      )}
    </div>
  );
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getArticleBySlug } from '@/db/queries/articles';
import { getReplyTarget, listApprovedComments, listReaderHeldComments } from '@/db/queries/comments';
import { getDiscussionSettings } from '@/db/queries/settings';
import { listOwnComments } from '@/db/queries/own-comments';
import { ArticleView } from '@/app/articles/[slug]/_components/article-view';
import { articleMetadata } from '@/app/_lib/metadata';
import { getReaderToken } from '@/app/_lib/reader';

// The personal page: the article as one reader sees it, with their own held comments and, without
// JavaScript, the form set to reply (?replytocom=ID) or a report form open (?report=ID).
// Rendered per request, never cached.

export async function generateMetadata({ params }: PageProps<'/articles/[slug]/respond'>): Promise<Metadata> {
  const article = await getArticleBySlug((await params).slug);
  if (!article) return { title: 'Page not found' };
  return { ...(await articleMetadata(article)), robots: { index: false } };
}

export default async function RespondPage({ params, searchParams }: PageProps<'/articles/[slug]/respond'>) {
  const settings = await getDiscussionSettings();
  const article = await getArticleBySlug((await params).slug, settings.closeAfterDays);
  if (!article) notFound();
  const readerToken = await getReaderToken();
  const replyToId = Number((await searchParams).replytocom);
  const replyTo = Number.isSafeInteger(replyToId) && replyToId > 0 ? await getReplyTarget(article.id, replyToId) : null;
  const reportId = Number((await searchParams).report);
  const page = Number((await searchParams).page);
  return (
    <ArticleView
      article={article}
      comments={await listApprovedComments(article.id)}
      threadDepth={settings.threadDepth}
      commentsPerPage={settings.commentsPerPage}
      page={Number.isSafeInteger(page) && page > 0 ? page : undefined}
      heldComments={readerToken ? await listReaderHeldComments(article.id, readerToken) : []}
      ownComments={readerToken ? await listOwnComments(article.id, readerToken, settings.ownEditMinutes) : []}
      replyTo={replyTo}
      reportId={Number.isSafeInteger(reportId) && reportId > 0 ? reportId : null}
    />
  );
}

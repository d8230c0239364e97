import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getArticleBySlug } from '@/db/queries/articles';
import { getCommentPage, getReplyTarget, listReaderHeldComments } from '@/db/queries/comments';
import { pageCount, type CommentOrder } from '@/lib/thread';
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
  // The shared page the proxy rewrote here (lib/paths.ts parseArticlePath): its order and page.
  const order: CommentOrder = (await searchParams).order === 'newest' ? 'newest' : 'oldest';
  const asked = Number((await searchParams).page);
  const perPage = settings.commentsPerPage;
  // A page past the last (comments left since the link was made): the first.
  let page = Number.isSafeInteger(asked) && asked > 0 ? asked : 1;
  let commentPage = await getCommentPage(article.id, { order, page, perPage });
  if (!commentPage) {
    page = 1;
    commentPage = (await getCommentPage(article.id, { order, page, perPage }))!;
  }
  return (
    <ArticleView
      article={article}
      commentPage={commentPage}
      view={{ order, page, pages: pageCount(commentPage.threads, perPage) }}
      threadDepth={settings.threadDepth}
      heldComments={readerToken ? await listReaderHeldComments(article.id, readerToken) : []}
      ownComments={readerToken ? await listOwnComments(article.id, readerToken, settings.ownEditMinutes) : []}
      replyTo={replyTo}
      reportId={Number.isSafeInteger(reportId) && reportId > 0 ? reportId : null}
    />
  );
}

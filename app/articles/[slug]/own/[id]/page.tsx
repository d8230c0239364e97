import type { Metadata } from 'next';
import { getReaderToken } from '@/app/_lib/reader';
import { getOwnComment } from '@/db/queries/own-comments';
import { getDiscussionSettings, getSiteSettings } from '@/db/queries/settings';
import { formatDateTime } from '@/lib/format';
import { OwnCommentForms } from './_components/own-comment-forms';

// A reader's own comment, to edit or delete: per browser (its token), rendered per request, never
// cached. Another browser, a comment that has a reply or one past its time gets a plain page.

export const metadata: Metadata = { title: 'Your comment', robots: { index: false } };

export default async function OwnCommentPage({ params, searchParams }: PageProps<'/articles/[slug]/own/[id]'>) {
  const { slug, id } = await params;
  const commentId = Number(id);
  const token = await getReaderToken();
  const { ownEditMinutes } = await getDiscussionSettings();
  const own = Number.isSafeInteger(commentId) && commentId > 0 && token ? await getOwnComment(commentId, token, ownEditMinutes) : null;
  const back = `/articles/${encodeURIComponent(slug)}`;
  if (!own || own.articleSlug !== slug) {
    return (
      <main className="own-comment">
        <h1>Your comment</h1>
        <p>
          This comment cannot be changed from this browser: a comment can be edited or deleted only from the browser
          that wrote it, for {ownEditMinutes} minutes after posting, and only until someone replies.
        </p>
        <p>
          <a href={back}>Back to the article</a>
        </p>
      </main>
    );
  }
  const { timeZone } = await getSiteSettings();
  return (
    <main className="own-comment">
      <h1>Edit your comment</h1>
      <p>
        You can change or delete it until <time dateTime={own.until}>{formatDateTime(own.until, timeZone)}</time>, while
        no one has replied. An edit is checked as a new comment is, and moderators see the earlier text.
      </p>
      <OwnCommentForms slug={slug} commentId={own.id} body={own.body} deleting={(await searchParams).delete === '1'} />
      <p>
        <a href={`${back}#comment-${own.id}`}>Back to the article</a>
      </p>
    </main>
  );
}

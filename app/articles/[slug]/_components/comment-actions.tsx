'use client';

import { ReplyButton } from './reply-button';
import { ReportControl } from './report-control';
import { OwnCommentLinks } from './own-comment-links';

/** One client boundary per comment, not two: every prop here is repeated in the page's payload. */
export function CommentActions({ commentId, authorName }: { commentId: number; authorName: string }) {
  return (
    <div className="comment-actions">
      <ReplyButton commentId={commentId} authorName={authorName} />
      <ReportControl commentId={commentId} authorName={authorName} />
      <OwnCommentLinks commentId={commentId} />
    </div>
  );
}

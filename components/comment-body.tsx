import { Fragment } from 'react';
import { toParagraphs } from '@/lib/text';

/** A comment's text as plain text: paragraphs and line breaks kept, web addresses linked, no HTML. */
export function CommentBody({ body }: { body: string }) {
  return (
    <div className="comment-body" dir="auto">
      {toParagraphs(body).map((lines, p) => (
        <p key={p}>
          {lines.map((segments, l) => (
            <Fragment key={l}>
              {l > 0 && <br />}
              {segments.map((segment, s) =>
                segment.kind === 'link' ? (
                  <a key={s} href={segment.href} rel="nofollow ugc noopener">
                    {segment.text}
                  </a>
                ) : (
                  segment.text
                ),
              )}
            </Fragment>
          ))}
        </p>
      ))}
    </div>
  );
}

'use client';

import { useEffect } from 'react';
import { fromWordpress, wordpressCommentPath } from '@/lib/paths';

/**
 * A link to #comment-N reaches the server without its fragment, so it lands on whichever page that
 * address is. When the comment is on another page, ask /comments/N where it lives (in the default
 * order). An old WordPress link arrives marked (?from=wordpress, from its redirect) with
 * WordPress's own #comment-N: ask which Margin comment that became.
 */
export function PermalinkResolver({ slug }: { slug: string }) {
  useEffect(() => {
    const id = /^#comment-(\d+)$/.exec(window.location.hash)?.[1];
    const fromOldSite = new URLSearchParams(window.location.search).get(fromWordpress.name) === fromWordpress.value;
    if (fromOldSite && id) window.location.replace(wordpressCommentPath(id, slug));
    else if (fromOldSite) window.history.replaceState(window.history.state, '', window.location.pathname);
    else if (id && !document.getElementById(`comment-${id}`)) window.location.replace(`/comments/${id}`);
  }, [slug]);
  return null;
}

'use client';

import { useEffect } from 'react';

/**
 * A link to #comment-N reaches the server without its fragment, so it lands on whichever page that
 * address is. When the comment is on another page, ask /comments/N where it lives (in the default
 * order).
 */
export function PermalinkResolver() {
  useEffect(() => {
    const id = /^#comment-(\d+)$/.exec(window.location.hash)?.[1];
    if (id && !document.getElementById(`comment-${id}`)) window.location.replace(`/comments/${id}`);
  }, []);
  return null;
}

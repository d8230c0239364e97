'use client';

import { useEffect } from 'react';

/**
 * A link to #comment-N reaches the server without its fragment, so it lands on the first comment
 * page. When the comment is on another page, ask /comments/N where it lives.
 */
export function PermalinkResolver() {
  useEffect(() => {
    const id = /^#comment-(\d+)$/.exec(window.location.hash)?.[1];
    if (id && !document.getElementById(`comment-${id}`)) window.location.replace(`/comments/${id}`);
  }, []);
  return null;
}

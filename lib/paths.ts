// Margin's public addresses, built and read in one place: an article, its comment pages, a comment.

/** What a slug may contain; the pattern the routes, the proxy and the page cache all read. */
export const slugCharacters = '[a-z0-9-]+';
const slugOnly = new RegExp(`^${slugCharacters}$`);
const articlePathPattern = new RegExp(`^/articles/(${slugCharacters})(?:/comments/(\\d+))?/?$`);

export function isSlug(text: string): boolean {
  return slugOnly.test(text);
}

export function articlePath(slug: string): string {
  return `/articles/${slug}`;
}

/** The article's own address shows its newest comment page; older pages have their own. */
export function commentPagePath(slug: string, page: number, pages: number): string {
  return page >= pages ? articlePath(slug) : `${articlePath(slug)}/comments/${page}`;
}

/** An article page or one of its comment pages (`page` null for the article's own address). */
export function parseArticlePath(pathname: string): { slug: string; page: number | null } | null {
  const match = articlePathPattern.exec(pathname);
  if (!match) return null;
  return { slug: match[1]!, page: match[2] === undefined ? null : Number(match[2]) };
}

/** An uploaded image (the upload pipeline serves it): lead images and images in a body. */
export function imagePath(imageId: number): string {
  return `/images/${imageId}`;
}

/** The newsroom's addresses for one article. */
export function newsroomArticlePath(id: number, part: '' | 'preview' | 'revisions' = ''): string {
  return part ? `/admin/articles/${id}/${part}` : `/admin/articles/${id}`;
}

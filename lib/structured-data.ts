// schema.org NewsArticle as JSON-LD, and the one safe way to put JSON into a <script> element.

export type NewsArticleFacts = {
  url: string;
  headline: string;
  description: string;
  datePublished: string;
  dateModified: string | null;
  /** Bylines; none means the publication itself is credited. */
  authors: { name: string; url?: string | null }[];
  /** Absolute image addresses, largest first. */
  images: string[];
  section: string | null;
  publisher: { name: string; url: string; logo?: string | null };
};

export function newsArticleJsonLd(facts: NewsArticleFacts): Record<string, unknown> {
  const publisher = {
    '@type': 'Organization',
    name: facts.publisher.name,
    url: facts.publisher.url,
    ...(facts.publisher.logo ? { logo: { '@type': 'ImageObject', url: facts.publisher.logo } } : {}),
  };
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': facts.url },
    url: facts.url,
    headline: facts.headline,
    description: facts.description,
    datePublished: new Date(facts.datePublished).toISOString(),
    dateModified: new Date(facts.dateModified ?? facts.datePublished).toISOString(),
    author:
      facts.authors.length > 0
        ? facts.authors.map((author) => ({ '@type': 'Person', name: author.name, ...(author.url ? { url: author.url } : {}) }))
        : [publisher],
    ...(facts.images.length > 0 ? { image: facts.images } : {}),
    ...(facts.section ? { articleSection: facts.section } : {}),
    publisher,
  };
}

/**
 * JSON for a <script type="application/ld+json"> element: `<`, `>` and `&` written as \u escapes,
 * so that no text in it (a headline with "</script>") can end the element or open a comment.
 * U+2028 and U+2029 too, for old JavaScript parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

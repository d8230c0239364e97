import Link from 'next/link';
import { connection } from 'next/server';
import { listArticles } from '@/db/queries/articles';
import { formatDate, plural } from '@/lib/format';

export default async function HomePage() {
  // Read at request time: a build must never bake the database into the front page.
  await connection();
  const articles = listArticles({ limit: 50 });
  return (
    <div className="front-page">
      <h1 className="visually-hidden">Latest news</h1>
      <ol className="article-list">
        {articles.map((article) => (
          <li key={article.slug} className="article-teaser">
            <h2>
              <Link href={`/articles/${article.slug}`}>{article.headline}</Link>
            </h2>
            <p className="standfirst">{article.standfirst}</p>
            <p className="teaser-meta">
              <time dateTime={article.publishedAt}>{formatDate(article.publishedAt)}</time>
              {' · '}
              <Link href={`/articles/${article.slug}#comments-title`}>
                {plural(article.commentCount, 'comment', 'comments')}
              </Link>
            </p>
          </li>
        ))}
      </ol>
      {articles.length === 0 && <p>No articles yet.</p>}
    </div>
  );
}

import type { Metadata } from 'next';
import { getDiscussionSettings, getSiteSettings } from '@/db/queries/settings';
import { listArticleSettings } from '@/db/queries/admin-settings';
import { requireAdmin } from '@/app/_lib/session';
import { SettingsForm } from '@/app/admin/_components/settings-form';
import { SiteSettingsForm } from '@/app/admin/_components/site-settings-form';
import { setCommentsOpen } from './actions';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const admin = await requireAdmin('/admin/settings');
  const articles = await listArticleSettings(admin);
  const { timeZone } = await getSiteSettings();
  const settings = await getDiscussionSettings();
  return (
    <div className="settings">
      <h1>Settings</h1>
      <h2>Site</h2>
      <SiteSettingsForm timeZone={timeZone} />
      <h2>Discussion</h2>
      <SettingsForm settings={settings} />
      <h2>Comments per article</h2>
      <ul className="article-switches">
        {articles.map((article) => (
          <li key={article.slug}>
            <span>{article.headline}</span>{' '}
            <strong>{article.commentsOpen ? 'Open' : 'Closed'}</strong>
            <form action={setCommentsOpen.bind(null, article.slug, !article.commentsOpen)}>
              <button type="submit" aria-label={`${article.commentsOpen ? 'Close' : 'Open'} comments on ${article.headline}`}>
                {article.commentsOpen ? 'Close comments' : 'Open comments'}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </div>
  );
}

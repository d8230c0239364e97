import type { Metadata } from 'next';
import { listBylineNames, listSections } from '@/db/queries/newsroom';
import { getSiteSettings } from '@/db/queries/settings';
import { requireStaff } from '@/app/_lib/session';
import { can } from '@/lib/accounts';
import { ArticleEditor } from '@/app/admin/articles/_components/article-editor';
import { saveArticleForm } from '../actions';

export const metadata: Metadata = { title: 'New article' };

export default async function NewArticlePage() {
  const staff = await requireStaff('write', '/admin/articles/new');
  const [sections, bylineNames] = await Promise.all([listSections(staff), listBylineNames(staff)]);
  const { timeZone } = await getSiteSettings();
  return (
    <div className="newsroom-edit">
      <h1>New article</h1>
      <ArticleEditor
        action={saveArticleForm.bind(null, null)}
        articleId={null}
        version={null}
        state={null}
        initial={{ byline: staff.name, commentsOpen: 'on' }}
        canPublish={can(staff.role, 'publish')}
        publishedBefore={false}
        timeZone={timeZone}
        sections={sections}
        bylineNames={bylineNames}
        autosave={null}
        localDraftKey={`margin:new-article:${staff.id}`}
      />
    </div>
  );
}

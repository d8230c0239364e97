import type { ArticleBlock, Inline } from '../article-body';
import { articleState, type ArticleStatus } from '../articles';
import type { CommentStatus } from '../comments';
import { escapeXml } from '../feeds';

// Margin's site as a WordPress export (WXR 1.2) that WordPress's importer reads: articles as posts
// in Gutenberg block markup, sections as categories, tags, bylines as authors, comments with their
// statuses and threads. Times are written in UTC in both the local and the _gmt fields.

export type ExportAuthor = { login: string; email: string; name: string };
/** What a comment carries from one site to another, in an import and in an export. */
export type MovedCommentFields = {
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  ip: string | null;
  userAgent: string | null;
  body: string;
  status: CommentStatus;
};
export type ExportComment = MovedCommentFields & { id: number; parentId: number | null; createdAt: Date };
export type ExportArticle = {
  id: number;
  slug: string;
  headline: string;
  standfirst: string;
  blocks: ArticleBlock[];
  status: ArticleStatus;
  publishedAt: Date;
  updatedAt: Date;
  commentsOpen: boolean;
  authorLogin: string | null;
  section: { slug: string; name: string } | null;
  tags: { slug: string; name: string }[];
  comments: ExportComment[];
};

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function wordpressDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function inlineHtml(runs: readonly Inline[]): string {
  return runs
    .map((run) => {
      let html = escapeHtml(run.text);
      for (const mark of run.marks ?? []) html = `<${mark}>${html}</${mark}>`;
      return run.href ? `<a href="${escapeHtml(run.href)}">${html}</a>` : html;
    })
    .join('');
}

/** One block as Gutenberg markup, the way the block editor saves it. */
export function blockHtml(block: ArticleBlock, imageUrl: (id: number) => string): string {
  switch (block.type) {
    case 'heading':
      return `<!-- wp:heading${block.level === 3 ? ' {"level":3}' : ''} -->\n<h${block.level ?? 2}>${escapeHtml(block.text)}</h${block.level ?? 2}>\n<!-- /wp:heading -->`;
    case 'dateline':
      return `<!-- wp:paragraph -->\n<p><strong>${escapeHtml(block.place)}</strong> – ${escapeHtml(block.text)}</p>\n<!-- /wp:paragraph -->`;
    case 'paragraph':
      return `<!-- wp:paragraph -->\n<p>${block.inlines ? inlineHtml(block.inlines) : escapeHtml(block.text)}</p>\n<!-- /wp:paragraph -->`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<!-- wp:list${block.ordered ? ' {"ordered":true}' : ''} -->\n<${tag}>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</${tag}>\n<!-- /wp:list -->`;
    }
    case 'quote':
      return `<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>${inlineHtml(block.inlines)}</p></blockquote>\n<!-- /wp:quote -->`;
    case 'image':
      return `<!-- wp:image -->\n<figure class="wp-block-image"><img src="${escapeHtml(imageUrl(block.imageId))}" alt="${escapeHtml(block.alt)}"/>${
        block.caption ? `<figcaption>${escapeHtml(block.caption)}</figcaption>` : ''
      }</figure>\n<!-- /wp:image -->`;
    case 'embed':
      return `<!-- wp:embed {"url":${JSON.stringify(block.url)}} -->\n<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n${escapeHtml(block.url)}\n</div></figure>\n<!-- /wp:embed -->`;
  }
}

const wordpressStatus = (article: ExportArticle): string =>
  ({ draft: 'draft', review: 'pending', scheduled: 'future', published: 'publish', unpublished: 'private' })[articleState(article.status, article.publishedAt)];
const approvedOf: Record<CommentStatus, string> = { approved: '1', pending: '0', spam: 'spam', trash: 'trash' };

function commentXml(comment: ExportComment): string {
  const date = wordpressDate(comment.createdAt);
  return `
		<wp:comment>
			<wp:comment_id>${comment.id}</wp:comment_id>
			<wp:comment_author>${cdata(comment.authorName)}</wp:comment_author>
			<wp:comment_author_email>${cdata(comment.authorEmail)}</wp:comment_author_email>
			<wp:comment_author_url>${escapeXml(comment.authorUrl ?? '')}</wp:comment_author_url>
			<wp:comment_author_IP>${cdata(comment.ip ?? '')}</wp:comment_author_IP>
			<wp:comment_agent>${cdata(comment.userAgent ?? '')}</wp:comment_agent>
			<wp:comment_date>${cdata(date)}</wp:comment_date>
			<wp:comment_date_gmt>${cdata(date)}</wp:comment_date_gmt>
			<wp:comment_content>${cdata(escapeHtml(comment.body).replace(/\n/g, '<br>\n'))}</wp:comment_content>
			<wp:comment_approved>${cdata(approvedOf[comment.status])}</wp:comment_approved>
			<wp:comment_type>${cdata('comment')}</wp:comment_type>
			<wp:comment_parent>${comment.parentId ?? 0}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>`;
}

export function articleXml(site: string, article: ExportArticle, imageUrl: (id: number) => string): string {
  const published = wordpressDate(article.publishedAt);
  const modified = wordpressDate(article.updatedAt);
  const link = `${site}/articles/${article.slug}`;
  const terms = [
    ...(article.section ? [`<category domain="category" nicename="${escapeXml(article.section.slug)}">${cdata(article.section.name)}</category>`] : []),
    ...article.tags.map((tag) => `<category domain="post_tag" nicename="${escapeXml(tag.slug)}">${cdata(tag.name)}</category>`),
  ];
  return `
	<item>
		<title>${cdata(article.headline)}</title>
		<link>${escapeXml(link)}</link>
		<dc:creator>${cdata(article.authorLogin ?? '')}</dc:creator>
		<guid isPermaLink="false">${escapeXml(link)}</guid>
		<description></description>
		<content:encoded>${cdata(article.blocks.map((block) => blockHtml(block, imageUrl)).join('\n\n'))}</content:encoded>
		<excerpt:encoded>${cdata(escapeHtml(article.standfirst))}</excerpt:encoded>
		<wp:post_id>${article.id}</wp:post_id>
		<wp:post_date>${cdata(published)}</wp:post_date>
		<wp:post_date_gmt>${cdata(published)}</wp:post_date_gmt>
		<wp:post_modified>${cdata(modified)}</wp:post_modified>
		<wp:post_modified_gmt>${cdata(modified)}</wp:post_modified_gmt>
		<wp:comment_status>${cdata(article.commentsOpen ? 'open' : 'closed')}</wp:comment_status>
		<wp:ping_status>${cdata('closed')}</wp:ping_status>
		<wp:post_name>${cdata(article.slug)}</wp:post_name>
		<wp:status>${cdata(wordpressStatus(article))}</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type>${cdata('post')}</wp:post_type>
		<wp:post_password>${cdata('')}</wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		${terms.join('\n\t\t')}${article.comments.map(commentXml).join('')}
	</item>`;
}

export function headXml(site: { title: string; url: string; authors: ExportAuthor[]; sections: { slug: string; name: string }[]; tags: { slug: string; name: string }[] }): string {
  const authors = site.authors.map(
    (author, i) =>
      `\t<wp:author><wp:author_id>${i + 1}</wp:author_id><wp:author_login>${cdata(author.login)}</wp:author_login><wp:author_email>${cdata(author.email)}</wp:author_email><wp:author_display_name>${cdata(author.name)}</wp:author_display_name><wp:author_first_name>${cdata('')}</wp:author_first_name><wp:author_last_name>${cdata('')}</wp:author_last_name></wp:author>`,
  );
  const categories = site.sections.map(
    (section, i) =>
      `\t<wp:category><wp:term_id>${i + 1}</wp:term_id><wp:category_nicename>${cdata(section.slug)}</wp:category_nicename><wp:category_parent>${cdata('')}</wp:category_parent><wp:cat_name>${cdata(escapeHtml(section.name))}</wp:cat_name></wp:category>`,
  );
  const tags = site.tags.map(
    (tag, i) => `\t<wp:tag><wp:term_id>${site.sections.length + i + 1}</wp:term_id><wp:tag_slug>${cdata(tag.slug)}</wp:tag_slug><wp:tag_name>${cdata(escapeHtml(tag.name))}</wp:tag_name></wp:tag>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by Margin, for WordPress: Tools, Import, WordPress. -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>${escapeXml(site.title)}</title>
	<link>${escapeXml(site.url)}</link>
	<description></description>
	<language>en</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>${escapeXml(site.url)}</wp:base_site_url>
	<wp:base_blog_url>${escapeXml(site.url)}</wp:base_blog_url>
${[...authors, ...categories, ...tags].join('\n')}
`;
}

export const tailXml = '\n</channel>\n</rss>\n';

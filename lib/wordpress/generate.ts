// A WordPress export written the way WordPress's exporter writes one, for tests and the import
// figure (npm run import -- wordpress on 1,000 posts and 100,000 comments), as a stream of text.

export type GeneratedComment = { id: number; parent?: number; approved?: string; type?: string; author?: string; email?: string; content?: string; date?: string };
export type GeneratedPost = {
  id: number;
  slug: string;
  title?: string;
  status?: string;
  type?: string;
  date?: string;
  dateGmt?: string;
  content?: string;
  categories?: string[];
  comments?: GeneratedComment[];
};

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

function commentXml(c: GeneratedComment): string {
  const date = c.date ?? '2025-03-01 10:00:00';
  return `
		<wp:comment>
			<wp:comment_id>${c.id}</wp:comment_id>
			<wp:comment_author>${cdata(c.author ?? `Reader ${c.id}`)}</wp:comment_author>
			<wp:comment_author_email>${cdata(c.email ?? `reader${c.id % 997}@example.com`)}</wp:comment_author_email>
			<wp:comment_author_url>https://reader.example/${c.id}</wp:comment_author_url>
			<wp:comment_author_IP>${cdata(`203.0.113.${c.id % 250}`)}</wp:comment_author_IP>
			<wp:comment_date>${cdata(date)}</wp:comment_date>
			<wp:comment_date_gmt>${cdata(date)}</wp:comment_date_gmt>
			<wp:comment_content>${cdata(c.content ?? `Comment number ${c.id}, with a few words to make it a comment of an ordinary length.`)}</wp:comment_content>
			<wp:comment_approved>${cdata(c.approved ?? '1')}</wp:comment_approved>
			<wp:comment_type>${cdata(c.type ?? 'comment')}</wp:comment_type>
			<wp:comment_parent>${c.parent ?? 0}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>`;
}

function postXml(site: string, p: GeneratedPost): string {
  const date = p.date ?? '2025-03-01 09:00:00';
  return `
	<item>
		<title>${cdata(p.title ?? `Story ${p.id}`)}</title>
		<link>${site}/${p.slug}/</link>
		<dc:creator>${cdata('admin')}</dc:creator>
		<content:encoded>${cdata(p.content ?? `<!-- wp:paragraph -->\n<p>The body of story ${p.id}, with <em>emphasis</em>.</p>\n<!-- /wp:paragraph -->`)}</content:encoded>
		<excerpt:encoded>${cdata(`Standfirst ${p.id}.`)}</excerpt:encoded>
		<wp:post_id>${p.id}</wp:post_id>
		<wp:post_date>${cdata(date)}</wp:post_date>
		<wp:post_date_gmt>${cdata(p.dateGmt ?? date)}</wp:post_date_gmt>
		<wp:post_modified>${cdata(date)}</wp:post_modified>
		<wp:post_modified_gmt>${cdata(p.dateGmt ?? date)}</wp:post_modified_gmt>
		<wp:comment_status>${cdata('open')}</wp:comment_status>
		<wp:post_name>${cdata(p.slug)}</wp:post_name>
		<wp:status>${cdata(p.status ?? 'publish')}</wp:status>
		<wp:post_type>${cdata(p.type ?? 'post')}</wp:post_type>
		${(p.categories ?? []).map((c) => `<category domain="category" nicename="${c}">${cdata(c)}</category>`).join('\n\t\t')}${(p.comments ?? []).map(commentXml).join('')}
	</item>`;
}

/** The export as text pieces: the channel's head, then one piece per post, then the end. */
export function* generateWxr(site: string, posts: Iterable<GeneratedPost>): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Generated</title>
	<link>${site}</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>${site}</wp:base_site_url>
	<wp:base_blog_url>${site}</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login>${cdata('admin')}</wp:author_login><wp:author_email>${cdata('admin@old.example')}</wp:author_email><wp:author_display_name>${cdata('Old Admin')}</wp:author_display_name></wp:author>
`;
  for (const post of posts) yield postXml(site, post);
  yield '\n</channel>\n</rss>\n';
}

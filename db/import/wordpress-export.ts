import 'server-only';
import { listExportArticles, listExportAuthors, listExportTerms } from '@/db/queries/exports';
import { articleXml, headXml, tailXml } from '@/lib/wordpress/export';

// `npm run export -- wordpress > site.xml`: the site as a WordPress export, as a stream of text,
// fifty articles (with their comments) read at a time.

export async function* exportWordpress(site: { title: string; url: string }): AsyncGenerator<string> {
  const url = site.url.replace(/\/+$/, '');
  const [authors, terms] = await Promise.all([listExportAuthors(), listExportTerms()]);
  yield headXml({ title: site.title, url, authors, ...terms });
  const imageUrl = (id: number) => `${url}/images/${id}`;
  for (let afterId = 0; ; ) {
    const batch = await listExportArticles(afterId, 50);
    if (!batch.length) break;
    for (const article of batch) yield articleXml(url, article, imageUrl);
    afterId = batch.at(-1)!.id;
  }
  yield tailXml;
}

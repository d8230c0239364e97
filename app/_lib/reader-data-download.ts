import 'server-only';
import { siteAddress } from '@/lib/config';
import { readerDataHtml, readerDataJson, type ReaderData } from '@/lib/reader-data';

/** A reader's comments as a file to keep: never cached, never shown inline as a page of the site. */
export function readerDataDownload(data: ReaderData, format: 'json' | 'html'): Response {
  const exportedAt = new Date().toISOString();
  const url = (path: string) => siteAddress(path).href;
  const body = format === 'json' ? readerDataJson(data, exportedAt, url) : readerDataHtml(data, exportedAt, url);
  return new Response(body, {
    headers: {
      'content-type': format === 'json' ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
      'content-disposition': `attachment; filename="comments.${format}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
  });
}

export const plainAnswer = (status: number, text: string) =>
  new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'private, no-store' } });

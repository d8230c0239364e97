import { connection } from 'next/server';
import { absoluteUrl, contentTypes, documentResponse } from '@/app/_lib/documents';
import { renderRobots } from '@/lib/sitemaps';
import { newsSitemapPath, sitemapPath } from '@/lib/paths';

// Read at request time: the sitemaps' addresses come from SITE_URL, which a build does not know.
export async function GET(request: Request) {
  await connection();
  const body = renderRobots({
    disallow: ['/admin', '/api', '/articles/*/respond', '/email', '/login', '/setup'],
    sitemaps: [absoluteUrl(sitemapPath()), absoluteUrl(newsSitemapPath())],
  });
  return documentResponse(request, body, contentTypes.text);
}

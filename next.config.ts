import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // Next's own in-memory copy of the pages it keeps (50 MB by default) doubles Margin's page cache
  // in front of it (server/page-cache.ts), which answers nearly every page request: on a miss Next
  // reads its kept page from disk instead.
  cacheMaxMemorySize: 0,
  experimental: {
    // The longest comment (5,000 characters, 4 bytes each at worst) and the other fields fit
    // with room to spare; anything larger is not a comment.
    serverActions: { bodySizeLimit: '64kb' },
    proxyClientMaxBodySize: '64kb',
  },
};

export default nextConfig;

import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  experimental: {
    // The longest comment (5,000 characters, 4 bytes each at worst) and the other fields fit
    // with room to spare; anything larger is not a comment.
    serverActions: { bodySizeLimit: '64kb' },
    proxyClientMaxBodySize: '64kb',
  },
};

export default nextConfig;

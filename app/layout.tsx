import type { Metadata, Viewport } from 'next';
import { SiteFooter } from '@/components/site-footer';
import { SiteHeader } from '@/components/site-header';
import { loadConfig } from '@/lib/config';
import { siteFeeds } from '@/app/_lib/metadata';
import './globals.css';

export const metadata: Metadata = {
  metadataBase: new URL(loadConfig().siteUrl),
  title: { default: 'Margin', template: '%s · Margin' },
  description: 'News, and comments readers trust.',
  alternates: { types: siteFeeds() },
  openGraph: { siteName: 'Margin', type: 'website', locale: 'en_GB' },
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fbfaf7' },
    { media: '(prefers-color-scheme: dark)', color: '#16171a' },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en-GB">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader />
        <main id="main">{children}</main>
        <SiteFooter />
      </body>
    </html>
  );
}

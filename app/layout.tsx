import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { loadConfig } from '@/lib/config';
import './globals.css';

export const metadata: Metadata = {
  metadataBase: new URL(loadConfig().siteUrl),
  title: { default: 'Margin', template: '%s · Margin' },
  description: 'News, and comments readers trust.',
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
        <header className="masthead">
          <Link href="/" className="wordmark">
            Margin
          </Link>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          <p>Margin · Comments are moderated. Your email address is never published.</p>
        </footer>
      </body>
    </html>
  );
}

import Link from 'next/link';
import { atomFeedPath, feedPath, searchPath, sitemapPath } from '@/lib/paths';
import styles from './reading.module.css';

export function SiteFooter() {
  return (
    <footer className={`site-footer ${styles.footer}`}>
      <p>Margin · Comments are moderated. Your email address is never published.</p>
      <ul className={styles.footerLinks}>
        <li>
          <a href={searchPath()}>Search</a>
        </li>
        <li>
          <a href={feedPath()}>RSS</a>
        </li>
        <li>
          <a href={atomFeedPath()}>Atom</a>
        </li>
        <li>
          <a href={sitemapPath()}>Sitemap</a>
        </li>
        <li>
          {/* Not prefetched: every article view would otherwise fetch this page for every reader. */}
          <Link href="/email/your-data" prefetch={false}>
            Your comments and data
          </Link>
        </li>
      </ul>
    </footer>
  );
}

import Link from 'next/link';
import { listSections } from '@/db/queries/stories';
import { sectionPath } from '@/lib/paths';
import { SearchForm } from './search-form';
import styles from './reading.module.css';

/**
 * The sections, for every page. A build prerenders a few pages (the 404 page) and must never
 * read the database, so those go without section links.
 */
async function navigationSections() {
  return process.env.NEXT_PHASE === 'phase-production-build' ? [] : await listSections();
}

export async function SiteHeader() {
  const sections = await navigationSections();
  return (
    <header className={`masthead ${styles.masthead}`}>
      <div className={styles.mastheadTop}>
        <Link href="/" className="wordmark">
          Margin
        </Link>
        <SearchForm id="site-search" label="Site" />
      </div>
      {sections.length > 0 && (
        <nav aria-label="Sections" className={styles.sectionNav}>
          <ul>
            <li>
              <Link href="/" prefetch={false}>
                Home
              </Link>
            </li>
            {sections.map((section) => (
              <li key={section.slug}>
                <Link href={sectionPath(section.slug)} prefetch={false}>
                  {section.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}

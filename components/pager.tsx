import styles from './reading.module.css';

/** Older and newer pages of a list, as plain links (they work without JavaScript). */
export function Pager({ page, pages, pathOf, label }: { page: number; pages: number; pathOf: (page: number) => string; label: string }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className={styles.pager}>
      {page > 1 ? (
        <a href={pathOf(page - 1)} rel="prev">
          ← Newer
        </a>
      ) : (
        <span />
      )}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a href={pathOf(page + 1)} rel="next">
          Older →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

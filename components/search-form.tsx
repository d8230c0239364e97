import styles from './reading.module.css';

// A plain GET form: search works without JavaScript, and its results have an address of their own.
export function SearchForm({ id, label, query = '', large = false }: { id: string; label: string; query?: string; large?: boolean }) {
  return (
    <form role="search" aria-label={label} action="/search" method="get" className={large ? `${styles.search} ${styles.searchLarge}` : styles.search}>
      <label htmlFor={id} className="visually-hidden">
        Search articles
      </label>
      <input id={id} type="search" name="q" defaultValue={query} placeholder="Search articles" maxLength={200} enterKeyHint="search" />
      <button type="submit">Search</button>
    </form>
  );
}

import { splitHighlights } from '@/lib/search-query';

/** Text from the search index with its matched words in <mark>: text nodes only, never HTML. */
export function Highlighted({ text }: { text: string }) {
  return (
    <>
      {splitHighlights(text).map((part, index) => (part.highlighted ? <mark key={index}>{part.text}</mark> : part.text))}
    </>
  );
}

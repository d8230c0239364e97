import type { StoryImage as StoryImageFacts } from '@/db/queries/stories';

// A lead image at every stored width, its width and height set so the page keeps its place while it
// loads. The stored files' addresses are the image pipeline's (/images/<hash>-<width>.webp); once
// components/responsive-image.tsx is in, this becomes a call to it with the same facts.

function fileUrl(image: StoryImageFacts, width: number): string {
  return `/images/${image.hash}-${width}.webp`;
}

export function storyImageUrl(image: StoryImageFacts): string {
  return fileUrl(image, image.widths.at(-1)!);
}

export function StoryImage({
  image,
  sizes,
  priority = false,
  className,
}: {
  image: StoryImageFacts;
  sizes: string;
  /** The first image a reader sees: fetched at once. */
  priority?: boolean;
  className?: string;
}) {
  const width = image.widths.at(-1)!;
  return (
    // The files are already resized WebP: next/image would only process them again.
    // eslint-disable-next-line @next/next/no-img-element
    <img
      src={fileUrl(image, width)}
      srcSet={image.widths.map((w) => `${fileUrl(image, w)} ${w}w`).join(', ')}
      sizes={sizes}
      width={width}
      height={Math.max(1, Math.round((image.height * width) / image.width))}
      alt={image.alt}
      loading={priority ? 'eager' : 'lazy'}
      fetchPriority={priority ? 'high' : undefined}
      decoding="async"
      className={className}
    />
  );
}

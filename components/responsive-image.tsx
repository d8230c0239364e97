import { heightAt, imageSrcSet, imageUrl, largestWidth, type ImageDto } from '@/lib/images';

// An uploaded image at every stored width, with its width and height set so the page keeps its
// place while the file loads. A plain component: server pages and the upload widget both use it.

/** The article column (40rem) on a wide screen, the whole width on a narrow one. */
export const articleImageSizes = '(min-width: 42rem) 40rem, 100vw';

export function ResponsiveImage({
  image,
  alt,
  sizes = articleImageSizes,
  priority = false,
  className,
}: {
  image: ImageDto;
  /** Says what the picture shows; "" only when the text around it already says it. */
  alt: string;
  /** How wide the image is drawn, as the `sizes` attribute says it. */
  sizes?: string;
  /** The first image a reader sees (a lead image): fetched at once, not when scrolled to. */
  priority?: boolean;
  className?: string;
}) {
  const width = largestWidth(image);
  return (
    // The files are already resized, WebP and immutable: next/image would only process them again.
    // eslint-disable-next-line @next/next/no-img-element
    <img
      src={imageUrl(image, width)}
      srcSet={imageSrcSet(image)}
      sizes={sizes}
      width={width}
      height={heightAt(width, image)}
      alt={alt}
      loading={priority ? 'eager' : 'lazy'}
      fetchPriority={priority ? 'high' : undefined}
      decoding="async"
      className={className ? `responsive-image ${className}` : 'responsive-image'}
    />
  );
}

import type { Metadata } from 'next';
import { getSiteSettings } from '@/db/queries/settings';
import { getImage, listRecentImages } from '@/db/queries/images';
import { requireStaff } from '@/app/_lib/session';
import { ImageUpload } from '@/components/image-upload';
import { ResponsiveImage } from '@/components/responsive-image';
import { formatDateTime } from '@/lib/format';
import {
  adminImagesPath,
  heightAt,
  imageAcceptTypes,
  imageFormatNames,
  imageLimits,
  imageProblemFromQuery,
  imageProblemMessage,
  imageUploadPath,
  imageUrl,
  largestWidth,
} from '@/lib/images';

export const metadata: Metadata = { title: 'Images' };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

// Uploads for articles. The form is a plain multipart post to the upload route, which sends the
// browser back here with the new image or the refusal, so it works without JavaScript.
export default async function ImagesPage({ searchParams }: PageProps<'/admin/images'>) {
  const staff = await requireStaff('write', adminImagesPath);
  const params = await searchParams;
  const problem = imageProblemFromQuery(params);
  const uploaded = problem ? null : await getImage(Number(first(params.uploaded)));
  const images = await listRecentImages(staff, 40);
  const { timeZone } = await getSiteSettings();
  const error = problem ? imageProblemMessage(problem) : null;

  return (
    <div className="images-admin">
      <h1>Images</h1>
      <p>
        Photographs for articles. Each upload is judged by its content, turned upright, stripped of location and camera
        details, and kept as WebP in a few widths, never larger than it came.
      </p>

      <form method="post" action={imageUploadPath} encType="multipart/form-data" className="image-upload-form">
        <div className="field">
          <label htmlFor="image-file">Image file</label>
          <p className="form-note" id="image-file-hint">
            JPEG, PNG, WebP, GIF or AVIF; at most {imageLimits.maxBytes / (1024 * 1024)} MB and {imageLimits.maxPixels / 1e6}{' '}
            megapixels.
          </p>
          {error && (
            <p className="field-error" id="image-file-error">
              {error}
            </p>
          )}
          <input
            id="image-file"
            name="image"
            type="file"
            accept={imageAcceptTypes}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'image-file-error image-file-hint' : 'image-file-hint'}
          />
        </div>
        <p className="form-submit">
          <button type="submit">Upload</button>
        </p>
      </form>
      {uploaded && (
        <p role="status" className="notice">
          Uploaded image {uploaded.id}.
        </p>
      )}

      <section aria-labelledby="widget-heading" className="image-widget-demo">
        <h2 id="widget-heading">The article editor’s image field</h2>
        <p>Uploads as soon as a file is chosen and keeps the image’s number for the article form around it.</p>
        <ImageUpload name="imageId" label="Lead image" />
      </section>

      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recent uploads</h2>
        {images.length === 0 ? (
          <p>No images yet.</p>
        ) : (
          <ul className="image-grid">
            {images.map((image) => {
              const width = largestWidth(image);
              return (
                <li key={image.id}>
                  <figure aria-labelledby={`image-${image.id}-caption`}>
                    <ResponsiveImage image={image} alt="" sizes="12rem" />
                    <figcaption id={`image-${image.id}-caption`}>
                      <strong>Image {image.id}</strong>
                      <br />
                      {image.width} × {image.height} {imageFormatNames[image.format]}, {megabytes(image.bytes)}
                      <br />
                      <time dateTime={image.createdAt}>{formatDateTime(image.createdAt, timeZone)}</time>
                      <br />
                      <a href={imageUrl(image, width)}>
                        Largest file ({width} × {heightAt(width, image)})
                      </a>
                    </figcaption>
                  </figure>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

'use client';

import { useId, useRef, useState, type ChangeEvent } from 'react';
import { ResponsiveImage } from '@/components/responsive-image';
import {
  heightAt,
  imageAcceptTypes,
  imageLimits,
  imageProblemMessage,
  imageUploadPath,
  largestWidth,
  type ImageDto,
  type ImageUploadResponse,
} from '@/lib/images';

// A file field that uploads the image as soon as it is chosen and puts the stored image's id in a
// hidden input named `name`, for the form around it (the article editor's lead image, say). It is
// not a form itself and its file input has no name: the form around it never carries the file.

type Progress =
  | { phase: 'idle' }
  | { phase: 'uploading'; percent: number }
  | { phase: 'done'; created: boolean }
  | { phase: 'error'; message: string };

const hint = `JPEG, PNG, WebP, GIF or AVIF; at most ${imageLimits.maxBytes / (1024 * 1024)} MB and ${imageLimits.maxPixels / 1e6} megapixels. Location and camera details are removed.`;

function statusText(progress: Progress, image: ImageDto | null): string {
  if (progress.phase === 'uploading') return progress.percent < 100 ? `Uploading… ${progress.percent}%` : 'Uploaded; preparing the image…';
  if (progress.phase === 'done' && image) {
    const width = largestWidth(image);
    return `${progress.created ? 'Uploaded' : 'Already uploaded'}: image ${image.id}, ${width} × ${heightAt(width, image)}.`;
  }
  return '';
}

export function ImageUpload({
  name,
  label,
  defaultImage = null,
  sizes = '(min-width: 30rem) 24rem, 100vw',
  onChange,
}: {
  /** The hidden input that carries the chosen image's id with the surrounding form; none without a name (onChange then). */
  name?: string;
  label: string;
  defaultImage?: ImageDto | null;
  /** How wide the preview is drawn. */
  sizes?: string;
  onChange?: (image: ImageDto | null) => void;
}) {
  const id = useId();
  const ids = { input: `${id}-file`, hint: `${id}-hint`, error: `${id}-error` };
  const [image, setImage] = useState<ImageDto | null>(defaultImage);
  const [progress, setProgress] = useState<Progress>({ phase: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);
  const pending = useRef<XMLHttpRequest | null>(null);

  function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    pending.current?.abort();
    if (!file) return;
    // The server judges; this only spares a long wait for an answer known already.
    if (file.size > imageLimits.maxBytes) {
      setProgress({ phase: 'error', message: imageProblemMessage({ code: 'too-large', bytes: file.size }) });
      return;
    }
    // XMLHttpRequest, not fetch: only it reports how much of the file has been sent.
    const request = new XMLHttpRequest();
    pending.current = request;
    request.open('POST', imageUploadPath);
    request.setRequestHeader('Accept', 'application/json');
    request.responseType = 'json';
    request.upload.onprogress = (sent) => {
      if (sent.lengthComputable) setProgress({ phase: 'uploading', percent: Math.floor((sent.loaded / sent.total) * 100) });
    };
    request.onload = () => {
      const response = request.response as ImageUploadResponse | null;
      if (response?.status === 'done') {
        setImage(response.image);
        setProgress({ phase: 'done', created: response.created });
        onChange?.(response.image);
      } else {
        const message =
          response?.status === 'error'
            ? (response.fieldErrors?.image?.[0] ?? response.message)
            : `The upload failed (the server answered ${request.status}). Choose the file again in a minute.`;
        setProgress({ phase: 'error', message });
      }
    };
    request.onerror = () =>
      setProgress({ phase: 'error', message: 'The upload did not reach Margin. Check the connection and choose the file again.' });
    const form = new FormData();
    form.append('image', file);
    setProgress({ phase: 'uploading', percent: 0 });
    request.send(form);
  }

  function remove() {
    pending.current?.abort();
    setImage(null);
    setProgress({ phase: 'idle' });
    if (fileInput.current) fileInput.current.value = '';
    onChange?.(null);
  }

  const error = progress.phase === 'error' ? progress.message : null;
  return (
    <div className="field image-upload">
      <label htmlFor={ids.input}>{label}</label>
      <p className="form-note" id={ids.hint}>
        {hint}
      </p>
      {error && (
        <p className="field-error" id={ids.error}>
          {error}
        </p>
      )}
      <input
        ref={fileInput}
        id={ids.input}
        type="file"
        accept={imageAcceptTypes}
        onChange={choose}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${ids.error} ${ids.hint}` : ids.hint}
      />
      <p role="status" className="image-upload-status">
        {statusText(progress, image)}
      </p>
      {image && (
        <figure className="image-upload-preview">
          <ResponsiveImage image={image} alt={`Preview of image ${image.id}`} sizes={sizes} priority />
          <figcaption>
            Image {image.id}{' '}
            <button type="button" onClick={remove}>
              Remove image
            </button>
          </figcaption>
        </figure>
      )}
      {name && <input type="hidden" name={name} value={image?.id ?? ''} />}
    </div>
  );
}

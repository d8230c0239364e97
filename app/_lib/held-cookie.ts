// Shared by the proxy and the server action: which articles this browser has held comments on.
export const heldCookieName = 'margin_held';

export function heldSlugsOf(value: string | undefined): string[] {
  return (value ?? '').split('.').filter((slug) => /^[a-z0-9-]+$/.test(slug));
}

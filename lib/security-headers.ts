import crypto from 'node:crypto';

// The one definition of the security headers every response carries (the serving edge sets them,
// server/security-headers.ts). Pages are cached and shared, so a nonce per request cannot work:
// script-src allows our own files and, by hash, only the inline scripts Next writes into a page
// that do nothing but push JSON into a queue Next's own code reads (see the README).

/** Pages no other site, nor this one, may frame: staff pages and sign-in. */
function isStaffPath(pathname: string): boolean {
  return /^\/(?:admin|login|setup|api\/auth)(?:\/|$)/.test(pathname);
}

/** `hashes`: 'sha256-…' sources of the page's own inline scripts (none for anything but a page). */
export function contentSecurityPolicy(pathname: string, hashes: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self'${hashes.map((hash) => ` '${hash}'`).join('')}`,
    // Style attributes (the avatars' colours) cannot run script; style sheets come from our files.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${isStaffPath(pathname) ? "'none'" : "'self'"}`,
  ].join('; ');
}

/** What Margin uses none of. */
const permissionsPolicy = [
  'accelerometer',
  'browsing-topics',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

export function securityHeaders(pathname: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(pathname),
    'X-Frame-Options': isStaffPath(pathname) ? 'DENY' : 'SAMEORIGIN',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': permissionsPolicy,
  };
}

// Next's bootstrap and RSC payload scripts, and Turbopack's chunk list: a known queue's push of a
// JSON literal. Anything else inline (an injected <script>, an event handler) gets no hash.
const pushOfJson =
  /^(?:self\.__next_f|\(self\.__next_f=self\.__next_f\|\|\[\]\)|\(globalThis\["TURBOPACK"\] \|\| \(globalThis\["TURBOPACK"\] = \[\]\)\))\.push\(([\s\S]*)\);?$/;
const inlineScript = /<script((?:\s[^>]*)?)>([\s\S]*?)<\/script>/g;

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The 'sha256-…' sources of the page's inline scripts that only push JSON into Next's queues. */
export function nextScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes = '', text = ''] of html.matchAll(inlineScript)) {
    if (/\s(?:src|type)=/i.test(attributes)) continue;
    const argument = pushOfJson.exec(text)?.[1];
    if (argument === undefined || !isJson(argument)) continue;
    hashes.add(`sha256-${crypto.createHash('sha256').update(text).digest('base64')}`);
  }
  return [...hashes];
}

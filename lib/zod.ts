import { z } from 'zod';

// Zod compiles object parsers with `new Function` where it may, and finds out by trying: under the
// Content-Security-Policy (no 'unsafe-eval') that try is a violation report in every browser.
z.config({ jitless: true });

export { z };

// Debian's chromium on this machine: no sandbox as root, and nothing that reaches the network.
// Used by Playwright (playwright.config.ts) and by Lighthouse in the bench.
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

#!/usr/bin/env bash
# `npm test`: everything, from a fresh clone. Installs Debian's chromium when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -x "${CHROME_PATH:-/usr/bin/chromium}" ]; then
  echo "test: installing Debian's chromium for the browser tests…"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "test: lint, layers and types…"
npx eslint .
npm run --silent layers
npx next build
npx tsc --noEmit

echo "test: unit tests…"
npm run --silent test:unit

echo "test: end-to-end tests…"
npx playwright test

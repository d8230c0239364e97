#!/usr/bin/env bash
# `npm test`: everything, from a fresh clone. Installs Debian's chromium (for the browser tests) and
# postgresql (the unit tests start throwaway PostgreSQL servers) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

missing=()
[ -x "${CHROME_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test: installing Debian's ${missing[*]}…"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "test: lint, layers and types…"
npx eslint .
npm run --silent layers
npx next build
npx tsc --noEmit

echo "test: unit tests…"
npm run --silent test:unit
echo "test: the data layer's unit tests on PostgreSQL…"
npm run --silent test:unit:postgres

echo "test: end-to-end tests…"
npx playwright test

echo "test: end-to-end tests on PostgreSQL…"
npm run --silent test:e2e:postgres

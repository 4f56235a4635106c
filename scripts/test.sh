#!/usr/bin/env bash
# Runs every test suite: types, unit, integration (+ schema drift), end-to-end, and, on PostgreSQL, fault injection.
# Installs what the tests need first: the generated Prisma client, the app
# build, and the Debian packages below (when missing, if this user may
# apt-get).
# Integration and e2e tests use PostgreSQL when TEST_DATABASE_URL (or
# DATABASE_URL) is set, an embedded PGlite otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the suites use: chromium (end-to-end), oathtool (independent
# TOTP cross-check), poppler-utils (independent reading of generated PDFs),
# xmlsec1 (an independent SAML identity provider signing test responses),
# espeak-ng and sox (spoken test interviews), pocketsphinx and
# pocketsphinx-en-us (the local transcription engine), ffmpeg (the local
# engine's reader for what browsers record: WebM/Opus, MP4/AAC).
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium" ] || missing+=(chromium)
command -v oathtool >/dev/null || missing+=(oathtool)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v xmlsec1 >/dev/null || missing+=(xmlsec1)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v sox >/dev/null || missing+=(sox)
command -v pocketsphinx_continuous >/dev/null || missing+=(pocketsphinx)
[ -d /usr/share/pocketsphinx/model/en-us ] || missing+=(pocketsphinx-en-us)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} for the tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need: ${missing[*]}. Run 'sudo apt-get install ${missing[*]}' (or set CHROMIUM_PATH)." >&2
    exit 1
  fi
fi

echo "== Database for tests: ${TEST_DATABASE_URL:-${DATABASE_URL:-embedded PGlite}}"
npm run --silent db:generate >/dev/null
echo "== Type check"
npm run --silent typecheck
echo "== Build"
npm run --silent build >/dev/null
echo "== Unit and integration tests"
npx vitest run
echo "== End-to-end tests (chromium)"
npx playwright test
# The quick parts of the reliability proof (docs/reliability.md): webhooks, SAML and uploads fuzzed over HTTP (100
# inputs each here, 500 in `npm run test:reliability`), rate limits, a PostgreSQL crash under load, a worker killed
# mid-job, failing providers. They run the production build on the machine's PostgreSQL and a
# PostgreSQL server of their own, so they need a PostgreSQL URL and the server binaries.
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== Fault injection and rate limits (production build, PostgreSQL)"
  FUZZ_RUNS=100 node --import tsx tests/reliability/run.ts http-fuzz rate-limits postgres-restart worker-kill provider-faults
else
  echo "== Fault injection skipped: it needs PostgreSQL (set TEST_DATABASE_URL)"
fi

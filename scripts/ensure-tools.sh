#!/usr/bin/env bash
# Finds the system tools the tests need, installs them where this machine allows (root + apt),
# and otherwise stops with the exact command to run.
set -euo pipefail

declare -A PKG=([redis-server]=redis-server [redis-cli]=redis-server [haproxy]=haproxy [prometheus]=prometheus [promtool]=prometheus [chromium]=chromium [docker-compose]=docker-compose)
missing_pkgs=()
for tool in "${!PKG[@]}"; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    missing_pkgs+=("${PKG[$tool]}")
  fi
done
if [ ${#missing_pkgs[@]} -gt 0 ]; then
  mapfile -t missing_pkgs < <(printf '%s\n' "${missing_pkgs[@]}" | sort -u)
  cmd="apt-get update && apt-get install -y ${missing_pkgs[*]}"
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${missing_pkgs[*]}" >&2
    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing_pkgs[@]}") >&2 || {
      echo "could not install the test tools; run as root: $cmd" >&2
      exit 1
    }
  else
    echo "missing test tools; run as root: $cmd" >&2
    exit 1
  fi
fi
echo "tools: redis $(redis-server --version | awk '{print $3}'), haproxy $(haproxy -v | head -1 | awk '{print $3}'), prometheus $(prometheus --version 2>&1 | head -1 | awk '{print $3}'), $(chromium --version 2>/dev/null | head -1), $(docker-compose version --short 2>/dev/null || echo compose)" >&2

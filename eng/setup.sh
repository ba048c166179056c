#!/usr/bin/env bash
# Installs what the system and its tests need on a Debian machine that has only the .NET SDK:
# PostgreSQL, RabbitMQ and Chromium (for the browser tests) from apt, smtp4dev from the
# repository's tool manifest, Node.js (Debian's) with the manifest check's and Spectral's npm packages.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root=(); [ "$(id -u)" = 0 ] || as_root=(sudo)
missing=()
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
command -v psql >/dev/null || missing+=(postgresql-client)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
# The gateways' shared rate limits (docs/running-more-than-one.md); run as a plain process.
command -v redis-server >/dev/null || missing+=(redis-server)
command -v setpriv >/dev/null || missing+=(util-linux)
# The browser tests drive Debian's Chromium (never a downloaded browser); the CJK fonts let
# its screenshots of the Japanese pages show text instead of boxes.
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
# Node runs deploy/check (the Kubernetes manifests, offline) and Spectral (the OpenAPI documents).
command -v npm >/dev/null || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  # The packages would start their own system-wide servers; ours run as the AppHost's
  # processes on their own ports, so keep the packaged services from starting.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null
    "${as_root[@]}" chmod +x "$policy"
    trap '"${as_root[@]}" rm -f "$policy"' EXIT
  fi
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The first restore into an empty tool cache (~/.dotnet/toolResolverCache, as on a fresh
# machine) reports every tool after the first as missing its command and fails (SDK 10.0.401,
# reproduced here on 1 Dec); the same restore then passes. So: up to three tries, the last one loud.
dotnet tool restore >/dev/null 2>&1 || dotnet tool restore >/dev/null 2>&1 || dotnet tool restore >/dev/null
# The versions pinned in deploy/check/package-lock.json, into its git-ignored node_modules;
# again only when the lock file changed since the last install.
check=deploy/check
if [ ! -f "$check/node_modules/.package-lock.json" ] || [ "$check/package-lock.json" -nt "$check/node_modules/.package-lock.json" ]; then
  (cd "$check" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
# Spectral lints the OpenAPI documents (the functional tests run it); versions pinned by the lock file.
tools=eng/api-tools
if [ ! -x $tools/node_modules/.bin/spectral ] || [ $tools/package-lock.json -nt $tools/node_modules ]; then
  npm ci --prefix $tools --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
fi
echo "setup: PostgreSQL, RabbitMQ, smtp4dev, Chromium, the manifest check and Spectral are ready"

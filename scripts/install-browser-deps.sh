#!/usr/bin/env bash
# Installs what the headless-browser tests of the public site need:
# Debian's chromium (plus fonts with Vietnamese glyphs) and the npm packages
# pinned in tests/browser/package-lock.json (playwright-core, axe-core).
# Idempotent: prints nothing and changes nothing when all is present.
# Needs root (or sudo) only when a Debian package is missing.
set -euo pipefail
source "$(dirname "$0")/apt-install.sh"

repo="$(cd "$(dirname "$0")/.." && pwd)"

packages=(
  chromium
  fonts-noto-core
)

apt_install_missing install-browser-deps "${packages[@]}"

browser_dir="$repo/tests/browser"
if [ ! -d "$browser_dir/node_modules" ] || [ "$browser_dir/package-lock.json" -nt "$browser_dir/node_modules" ]; then
  command -v npm >/dev/null || { echo "install-browser-deps: npm is missing (install Debian's nodejs and npm)" >&2; exit 1; }
  echo "install-browser-deps: npm ci in tests/browser" >&2
  (cd "$browser_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  # npm ci may keep the directory's old mtime; mark it as fresh.
  touch "$browser_dir/node_modules"
fi

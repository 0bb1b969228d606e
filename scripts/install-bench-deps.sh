#!/usr/bin/env bash
# Installs what the benchmarks need beyond the build: Debian's hugo (the
# site benchmark's reference) and ImageMagick (the photo benchmark's), after everything scripts/install-deps.sh
# installs. Idempotent: prints nothing and changes nothing when all is present.
# Needs root (or sudo) only when something is missing.
set -euo pipefail
source "$(dirname "$0")/apt-install.sh"
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

packages=(hugo imagemagick)  # imagemagick: the photo benchmark's reference (convert -resize)

apt_install_missing install-bench-deps "${packages[@]}"

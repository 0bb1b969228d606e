#!/usr/bin/env bash
# Installs what thidua needs to build and test, from Debian 12 packages only.
# Idempotent: prints nothing and changes nothing when all is present.
# Needs root (or sudo) only when something is missing.
set -euo pipefail
source "$(dirname "$0")/apt-install.sh"

packages=(
  g++ cmake make pkg-config
  libsqlite3-dev
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
  libcmark-dev
  nlohmann-json3-dev
  libkainjow-mustache-dev
  libcli11-dev
  libvips-dev               # photos downscaled on the node (photo/)
  libsodium-dev             # the web app's password hash, Argon2id (webapp/)
  doctest-dev
  libxlsxwriter-dev         # thidua report's .xlsx (report/)
  pandoc                    # thidua report's .docx, made from its HTML (report/)
  unzip                     # report_test opens the .docx and .xlsx it wrote
  tidy
  clang libclang-rt-14-dev  # the libFuzzer targets (scripts/fuzz.sh); the runtime is only recommended
)

apt_install_missing install-deps "${packages[@]}"

#!/usr/bin/env bash
# Installs what thidua needs to build and test, from Debian 12 packages only.
# Idempotent: prints nothing and changes nothing when all is present.
# Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libsqlite3-dev
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
  libcmark-dev
  nlohmann-json3-dev
  libkainjow-mustache-dev
  libcli11-dev
  doctest-dev
  tidy
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Install readinglist into ./.venv on a Debian/Ubuntu machine, adding only what is missing.
#   bash packaging/install.sh          the app
#   bash packaging/install.sh --test   the app plus test and development tools
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

# Shared libraries the Qt wheels load (offscreen and desktop), and a real font.
APT_PACKAGES=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 fonts-dejavu-core
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0)
python3 -c 'import ensurepip, venv' 2>/dev/null || APT_PACKAGES+=(python3 python3-venv)
# The tests also drive the real window on a virtual X server.
[ "${1:-}" = "--test" ] && APT_PACKAGES+=(xvfb x11-utils xdotool imagemagick)

. packaging/apt.sh
apt_install_missing "${APT_PACKAGES[@]}" || true  # what is missing is said; the venv can still be made

[ -x .venv/bin/python ] || python3 -m venv .venv
extras=""
[ "${1:-}" = "--test" ] && extras="[dev]"
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".${extras}"
echo "readinglist installed in .venv"

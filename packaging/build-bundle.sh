#!/usr/bin/env bash
# Build the one-folder app bundle dist/readinglist/ (the executable: dist/readinglist/readinglist).
#   bash packaging/build-bundle.sh
# Installs readinglist into .venv first if needed (packaging/install.sh), and PyInstaller
# (the "bundle" extra) if it is missing. Intermediate files go to build/, the bundle to dist/.
# The bundle still needs the system libraries Qt loads (install.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1

[ -x .venv/bin/python ] || bash packaging/install.sh
if ! .venv/bin/python -c 'import PyInstaller' 2>/dev/null; then
  echo "Installing PyInstaller into .venv"
  .venv/bin/python -m pip install -q -e ".[bundle]"
fi

start=$SECONDS
.venv/bin/python -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build packaging/readinglist.spec
echo "Built dist/readinglist/readinglist in $((SECONDS - start)) s ($(du -sh dist/readinglist | cut -f1) on disk)"

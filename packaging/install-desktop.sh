#!/usr/bin/env bash
# Add readinglist to the desktop's application menu and "Open with" lists, for this user:
#   bash packaging/install-desktop.sh [--prefix DIR]
# Installs into DIR (default: ${XDG_DATA_HOME:-~/.local/share}):
#   DIR/applications/io.github.readinglist.desktop        the menu entry (Exec: see below)
#   DIR/metainfo/io.github.readinglist.metainfo.xml       the AppStream description (software centres)
#   DIR/icons/hicolor/scalable/apps/io.github.readinglist.svg   the icon
# The entry starts the bundle dist/readinglist/readinglist (bash packaging/build-bundle.sh),
# or .venv/bin/readinglist when no bundle has been built (bash packaging/install.sh).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
app_id=io.github.readinglist

prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "install-desktop.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -x "$repo/dist/readinglist/readinglist" ]; then
  program="$repo/dist/readinglist/readinglist"
elif [ -x "$repo/.venv/bin/readinglist" ]; then
  program="$repo/.venv/bin/readinglist"
else
  echo "install-desktop.sh: nothing to start yet: run bash packaging/build-bundle.sh (or packaging/install.sh) first" >&2
  exit 1
fi

# A path as one argument of a desktop entry's Exec key: quoted when it has other characters than
# these, with \ " ` $ escaped inside the quotes and every \ then doubled (a string value), % as %%.
exec_argument() {
  local arg="${1//%/%%}"
  if [[ "$arg" =~ ^[A-Za-z0-9/._+-]+$ ]]; then
    printf '%s' "$arg"
    return
  fi
  local bs="\\" quoted="" i char
  for ((i = 0; i < ${#arg}; i++)); do
    char="${arg:i:1}"
    case "$char" in
      "\\") quoted+="$bs$bs$bs$bs" ;;
      '"' | '`' | '$') quoted+="$bs$bs$char" ;;
      *) quoted+="$char" ;;
    esac
  done
  printf '"%s"' "$quoted"
}

applications="$prefix/applications"
mkdir -p "$applications" "$prefix/metainfo" "$prefix/icons/hicolor/scalable/apps"

# The packaged entry with Exec and TryExec pointing at the program (its arguments kept).
entry="$applications/$app_id.desktop"
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    Exec=readinglist*) printf 'Exec=%s%s\n' "$(exec_argument "$program")" "${line#Exec=readinglist}" ;;
    TryExec=*) printf 'TryExec=%s\n' "${program//\\/\\\\}" ;;
    *) printf '%s\n' "$line" ;;
  esac
done <"$repo/packaging/$app_id.desktop" >"$entry.partial"
chmod 644 "$entry.partial"
mv "$entry.partial" "$entry"
install -m 644 "$repo/packaging/$app_id.metainfo.xml" "$prefix/metainfo/$app_id.metainfo.xml"
install -m 644 "$repo/resources/readinglist.svg" "$prefix/icons/hicolor/scalable/apps/$app_id.svg"

if command -v update-desktop-database >/dev/null; then
  update-desktop-database -q "$applications" || echo "install-desktop.sh: update-desktop-database failed (the entry is installed)" >&2
fi
echo "Installed $app_id (starts $program):"
echo "  $entry"
echo "  $prefix/metainfo/$app_id.metainfo.xml"
echo "  $prefix/icons/hicolor/scalable/apps/$app_id.svg"

#!/usr/bin/env bash
# Smoke test of the built bundle, offscreen (build it first: bash packaging/build-bundle.sh).
#   bash packaging/smoke-test.sh [EXECUTABLE]      default: dist/readinglist/readinglist
# Each run opens the window on a fresh library, imports files as a drop does (in the worker
# process) and saves a screenshot; it must exit 0 and leave a non-empty PNG (kept in build/smoke/).
#  1. a shared page dump (in a clone without ../shared, the test fixture daily_a.txt) and a saved
#     HTML page (markdownify and BeautifulSoup, imported only for HTML);
#  2. generated papers, enough for the worker to start the import read-ahead helper and Whoosh's
#     multi-process index writer (processes the frozen executable spawns); the command line's
#     check must then find database and index in agreement.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle="${1:-dist/readinglist/readinglist}"
if [ ! -x "$bundle" ]; then
  echo "smoke-test.sh: no executable at $bundle; build the bundle first: bash packaging/build-bundle.sh" >&2
  exit 1
fi
python=.venv/bin/python
[ -x "$python" ] || python=python3

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A fresh user profile: no settings or libraries of the person running this.
export QT_QPA_PLATFORM=offscreen HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
  XDG_CACHE_HOME="$work/cache"
unset READINGLIST_LIBRARY
shots=build/smoke
mkdir -p "$shots"

failed=0
smoke() {  # NAME FILE...: one smoke-test run on a fresh library "$work/NAME"
  local name="$1" shot="$shots/$1.png" start elapsed rc=0
  shift
  rm -f "$shot"
  start=${EPOCHREALTIME//[!0-9]/}  # microseconds
  timeout 600 "$bundle" --library "$work/$name" smoke-test --screenshot "$shot" "$@" || rc=$?
  elapsed=$((${EPOCHREALTIME//[!0-9]/} - start))
  printf 'smoke test %s: exit code %d in %d.%d s\n' "$name" "$rc" $((elapsed / 1000000)) $((elapsed / 100000 % 10))
  if [ "$rc" -ne 0 ]; then
    echo "FAILED: smoke test $name exited with $rc" >&2
    failed=1
  elif [ ! -s "$shot" ] || ! printf '\211PNG\r\n\032\n' | cmp -s -n 8 - "$shot"; then
    echo "FAILED: smoke test $name left no PNG at $shot" >&2
    failed=1
  else
    echo "  screenshot: $shot ($(stat -c %s "$shot") bytes)"
  fi
}

shopt -s nullglob
shared=(../shared/dumps/*.txt)
smoke dump "${shared[0]:-tests/core/fixtures/library/daily_a.txt}" tests/core/fixtures/dumps/saved_page.html

# Past these thresholds the worker starts its helper processes (read from the code, so they stay in step).
read -r papers files < <(PYTHONPATH=. "$python" -c \
  'from readinglist.core import importing, index; print(index.BULK_DOCS + 100, importing.READ_AHEAD_MIN_FILES)')
"$python" tests/benchmarks/corpus.py --papers "$papers" --files "$files" --out "$work/corpus" >/dev/null
smoke bulk "$work/corpus"
if ! "$bundle" --library "$work/bulk" check --no-repair; then
  echo "FAILED: after the bulk import the search index does not agree with the database" >&2
  failed=1
fi

# 3. the Hub client loads in the bundle (huggingface_hub, httpx2): a fetch from a closed local port
#    is the offline state (exit 3), while a module the bundle lacks would be a traceback and exit 1.
rc=0
HF_ENDPOINT=http://127.0.0.1:9 "$bundle" --library "$work/hub" fetch daily --date 2026-12-02 || rc=$?
if [ "$rc" -ne 3 ]; then
  echo "FAILED: the bundle's Hub fetch from a closed port exited $rc, not 3 (offline)" >&2
  failed=1
fi

[ "$failed" -eq 0 ] && echo "bundle smoke tests passed"
exit "$failed"

# shellcheck shell=bash
# Sourced by packaging/install.sh and .ci/run: install the Debian packages that are missing, nothing else.
#   . packaging/apt.sh && apt_install_missing PACKAGE...
# Asks dpkg first, so nothing runs (not even apt-get update) when all are there; uses sudo when
# not root. If the install fails it says what to ask an administrator for, and returns 1.
apt_install_missing() {
  local missing=() package
  if command -v dpkg-query >/dev/null; then
    for package in "$@"; do
      dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
    done
  fi
  [ ${#missing[@]} -gt 0 ] || return 0
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo=(sudo); else sudo=(false); fi
  fi
  echo "Installing system packages: ${missing[*]}"
  if ! { "${sudo[@]}" apt-get update -qq &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    echo "Could not install ${missing[*]}; ask an administrator to run: apt-get install ${missing[*]}" >&2
    return 1
  fi
}

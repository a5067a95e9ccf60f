#!/usr/bin/env bash
# Installs the Debian packages the integration tests run (the build calls this before them), each only
# when a file it installs (its program, or a library file) is missing: arguments are pairs of that file's
# path and the package, e.g.
#   ensure-debian-packages.sh /usr/bin/chromium chromium /usr/bin/chromedriver chromium-driver /usr/sbin/nginx nginx
# A test tool's own browser download does not work here, hence Debian's. An apt lock held by another
# process is waited for, not fatal. Where it cannot install, it says plainly what to do.
set -euo pipefail

missing=()
while (( $# >= 2 )); do
  [[ -e $1 ]] || missing+=("$2")
  shift 2
done
(( ${#missing[@]} == 0 )) && exit 0
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "The integration tests need these Debian packages: ${missing[*]}." >&2
  echo "Install them (apt-get install ${missing[*]}) and run the build again." >&2
  exit 1
fi
echo "Installing ${missing[*]} for the integration tests"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# The browser test drives Debian's Chromium through Debian's ChromeDriver; a test tool's own browser
# download does not work here. Installs both when they are missing (the build runs this before the
# integration tests), and says plainly what to do where it cannot.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "The browser test needs Chromium and ChromeDriver at /usr/bin/chromium and /usr/bin/chromedriver." >&2
  echo "Install them (Debian: apt-get install chromium chromium-driver) and run the build again." >&2
  exit 1
fi
echo "Installing chromium and chromium-driver for the browser test"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver >/dev/null

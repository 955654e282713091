#!/usr/bin/env bash
# Installs Debian's Chromium for the HTML report's browser test when it is not there yet.
# Idempotent and quiet: does nothing when /usr/bin/chromium exists.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install-chromium: /usr/bin/chromium is missing and this script is not running as root; skipping" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium >/dev/null

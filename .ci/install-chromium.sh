#!/usr/bin/env bash
# Installs Debian's Chromium for the HTML report's browser test (HtmlRendererBrowserIT) when it is missing.
# Idempotent and quiet: does nothing when /usr/bin/chromium exists; prints apt's output only when it fails.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install-chromium: /usr/bin/chromium is missing and installing it needs root; the browser test will say so" >&2
  exit 0
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq chromium; } >"$log" 2>&1; then
  echo "install-chromium: could not install Debian's chromium:" >&2
  cat "$log" >&2
  exit 1
fi

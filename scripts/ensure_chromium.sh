#!/usr/bin/env bash
# Makes sure the browser tests have a Chromium: $TFV_CHROMIUM if set, else the system's /usr/bin/chromium,
# else Debian's `chromium` package (when root on Debian/Ubuntu), else Playwright's own download.
# Usage: scripts/ensure_chromium.sh PATH/TO/VENV/python
set -euo pipefail
python="${1:-.venv/bin/python}"

if [[ -n "${TFV_CHROMIUM:-}" ]]; then
  [[ -x "$TFV_CHROMIUM" ]] || { echo "TFV_CHROMIUM=$TFV_CHROMIUM is not an executable" >&2; exit 1; }
  echo "Chromium: $TFV_CHROMIUM (from TFV_CHROMIUM)"
elif [[ -x /usr/bin/chromium ]]; then
  echo "Chromium: /usr/bin/chromium"
else
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null && grep -qiE 'debian|ubuntu' /etc/os-release; then
    echo "Installing Debian's chromium package..."
    apt-get update -qq
    # Ubuntu's chromium is a snap wrapper that does not run everywhere: fall through to Playwright's then.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium || true
  fi
  if /usr/bin/chromium --headless --no-sandbox --version >/dev/null 2>&1; then
    echo "Chromium: /usr/bin/chromium"
  else
    echo "No usable system Chromium: installing Playwright's (python -m playwright install chromium)..."
    "$python" -m playwright install chromium
  fi
fi

#!/usr/bin/env bash
# Browser tests drive Debian's chromium. Install it when missing and we can; otherwise say how.
set -euo pipefail
bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$bin" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装 Chromium（端到端测试需要）…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
  [ -x "$bin" ] && exit 0
fi
echo "缺少 Chromium：请先运行 'sudo apt-get install -y chromium'（或把 CHROMIUM_PATH 设为已安装的 Chromium），再运行 npm test。" >&2
exit 1

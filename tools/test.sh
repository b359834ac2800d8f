#!/usr/bin/env bash
# `npm test`: everything the tests need, then every layer of tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-chromium.sh
echo "== 类型检查 =="
npx tsc --noEmit -p tsconfig.json
echo "== 构建云函数 =="
npx tsx tools/build-functions.ts
echo "== 构建小程序 (weapp) =="
npx taro build --type weapp > .taro-weapp.log 2>&1 || { cat .taro-weapp.log; exit 1; }
echo "== 构建 H5 =="
npx taro build --type h5 > .taro-h5.log 2>&1 || { cat .taro-h5.log; exit 1; }
echo "== 运行测试 =="
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# One plain closing line that any CI can read.
node -e 'const r=require("./test-results/vitest.json"); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""))' || true
exit $status

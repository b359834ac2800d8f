#!/usr/bin/env bash
# `npm test`: everything the tests need, then every layer of tests, fastest first.
# Extra arguments go to jest for every layer (e.g. `npm test -- -t 接单`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-chromium.sh
echo "== 类型检查 =="
npx tsc --noEmit -p tsconfig.json
echo "== 构建云函数 =="
npx tsx tools/build-functions.ts
# A failed deploy check fails the run, but the test layers still run (their results are as useful).
echo "== 部署检查 (deploy:check) =="
deploy_check=0
npx tsx tools/deploy/check.ts || deploy_check=1
echo "== 构建小程序 (weapp) =="
npx taro build --type weapp > .taro-weapp.log 2>&1 || { cat .taro-weapp.log; exit 1; }
echo "== 构建 H5 =="
npx taro build --type h5 > .taro-h5.log 2>&1 || { cat .taro-h5.log; exit 1; }

# One jest run per layer (the projects of jest.config.ts), in this order: a broken domain shows in
# seconds, and a failing layer does not stop the ones after it, so the closing line counts them all.
# The browser layer runs one file at a time, as each starts its own cloud and Chromium.
rm -rf test-results
mkdir -p test-results
status=0
for layer in unit cloud components weapp e2e; do
  echo "== 测试：${layer} =="
  extra=()
  [ "$layer" = e2e ] && extra+=(--runInBand)
  npx jest --selectProjects "$layer" --passWithNoTests --json --outputFile="test-results/jest-${layer}.json" "${extra[@]}" "$@" || status=$?
done

# One plain closing line that any CI can read, summed from jest's JSON results. A file that could not
# even load counts as a failed test; a layer that left no result counts as one failure.
node tools/test-summary.js unit cloud components weapp e2e || status=1
[ "$deploy_check" = 0 ] || { echo "部署检查未通过：见上方 deploy:check 的输出"; status=1; }
exit $status

// Prints the closing line of `npm test` ("N passed, N failed[, N skipped]") from the JSON result that
// each layer's jest run wrote to test-results/jest-<layer>.json. Exits 1 when anything failed.
const fs = require('node:fs')
const path = require('node:path')

const layers = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0
for (const layer of layers) {
  const file = path.join(__dirname, '..', 'test-results', `jest-${layer}.json`)
  if (!fs.existsSync(file)) {
    console.error(`${layer}: 没有测试结果（jest 未能运行）`)
    failed += 1
    continue
  }
  const result = JSON.parse(fs.readFileSync(file, 'utf8'))
  passed += result.numPassedTests
  // A test file that fails to load runs no test at all: count it, or a broken import would pass.
  failed += result.numFailedTests + result.numRuntimeErrorTestSuites
  skipped += result.numPendingTests + result.numTodoTests
}
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''))
process.exit(failed > 0 ? 1 : 0)

// One export, in a process of its own, so its peak RSS is the export's: `npm run bench -- export`
// starts the local cloud, then runs this with the cloud's SDK environment (TCB_CONTEXT_CNFG).
// It loads the bundled reports function (what CloudBase receives) and calls its main as SCF would,
// with a context naming the caller. Prints one JSON line: the answer, its time and the peak RSS.
// Plain CommonJS on purpose: no TypeScript loader in the measured process.
'use strict'
const [bundle, openid, envId, eventJson] = process.argv.slice(2)
const { main } = require(bundle)
const environment = {
  SCF_NAMESPACE: envId,
  TCB_ENV: envId,
  TCB_SEQID: 'bench-export',
  TCB_SOURCE: 'wx_client',
  TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SEQID,TCB_SOURCE',
  WX_OPENID: openid,
  WX_APPID: 'wx-local-dev',
  WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
}
const context = { request_id: 'bench-export', function_name: 'reports', namespace: envId, memory_limit_in_mb: 256, time_limit_in_ms: 60000, environment: JSON.stringify(environment) }
const t0 = performance.now()
main(JSON.parse(eventJson), context).then(
  (answer) => {
    const ms = performance.now() - t0
    // maxRSS is in kilobytes: the process's peak resident memory, whole run included.
    process.stdout.write(JSON.stringify({ answer, ms, peakRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n')
  },
  (err) => {
    console.error(err)
    process.exit(1)
  },
)

import { Console } from 'node:console'

// What the local cloud and the bundled functions log goes out as plain lines. Jest's own console would
// print a code frame of the calling line with each message, and a bundled function is one minified line.
globalThis.console = new Console({ stdout: process.stdout, stderr: process.stderr })

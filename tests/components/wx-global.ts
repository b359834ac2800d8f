// Imported first by a test of the mini-program path: zrender decides at load time whether it runs in a
// mini-program (a global `wx` with getSystemInfoSync), and there it has no DOM events to listen to.
;(globalThis as { wx?: unknown }).wx = { getSystemInfoSync: () => ({ pixelRatio: 2 }) }
export {}

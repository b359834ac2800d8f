// Each layer's own per-test timeout (jest.config.ts puts it in the layer's globals).
const ms = (globalThis as { LAYER_TIMEOUT_MS?: number }).LAYER_TIMEOUT_MS
if (ms) jest.setTimeout(ms)

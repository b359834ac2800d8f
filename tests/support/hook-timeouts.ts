// How long a hook may take to start or stop what a test file needs (jest gives hooks the layer's test
// timeout unless told otherwise): a local cloud with demo data, or that plus Chromium and its phones.
export const CLOUD_HOOK_MS = 120_000
export const BROWSER_HOOK_MS = 180_000

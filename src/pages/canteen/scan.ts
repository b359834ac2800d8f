/**
 * The stall a scanned code opens. A mini-program code gives `path`
 * (packages/canteen/stall/index?scene=<stallId>); a local QR code a URL with the same query.
 */
export function stallIdFromScan(res: { path?: string; result?: string }): string | null {
  for (const text of [res.path, res.result]) {
    const m = text ? /packages\/canteen\/stall\/index\?(?:.*&)?(?:scene|id)=([^&#]+)/.exec(text) : null
    if (m) return decodeURIComponent(m[1])
  }
  return null
}

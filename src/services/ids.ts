/** Unique enough for request ids and file names; works where crypto.randomUUID does not (WeChat). */
export function newId(): string {
  const rand = () => Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0')
  return `${Date.now().toString(36)}${rand()}${rand()}`
}

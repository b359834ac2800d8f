/**
 * Draws the 食堂 tab icons (a bowl with chopsticks), 81×81 outline strokes like the other tab icons:
 * `npx tsx tools/tab-icons.ts` writes src/assets/tabbar/canteen.png and canteen-on.png. Node only (zlib).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'

const SIZE = 81
const STROKE = 6

type Shape = (x: number, y: number) => number // distance to the stroke's centre line

const segment = (ax: number, ay: number, bx: number, by: number): Shape => (x, y) => {
  const dx = bx - ax
  const dy = by - ay
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(x - ax - t * dx, y - ay - t * dy)
}
/** The lower half of a circle: the bowl. */
const lowerArc = (cx: number, cy: number, r: number): Shape => (x, y) =>
  y >= cy ? Math.abs(Math.hypot(x - cx, y - cy) - r) : Math.min(Math.hypot(x - cx + r, y - cy), Math.hypot(x - cx - r, y - cy))

const shapes: Shape[] = [
  segment(13, 42, 68, 42), // rim
  lowerArc(40.5, 42, 26), // bowl
  segment(30, 70, 51, 70), // foot
  segment(34, 34, 58, 10), // chopsticks
  segment(44, 34, 66, 14),
]

function draw(rgb: [number, number, number]): Buffer {
  const rgba = Buffer.alloc(SIZE * SIZE * 4)
  const SS = 4 // supersampling per axis, for smooth edges
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let hits = 0
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = px + (sx + 0.5) / SS
          const y = py + (sy + 0.5) / SS
          if (shapes.some((s) => s(x, y) <= STROKE / 2)) hits++
        }
      }
      const i = (py * SIZE + px) * 4
      rgba[i] = rgb[0]
      rgba[i + 1] = rgb[1]
      rgba[i + 2] = rgb[2]
      rgba[i + 3] = Math.round((255 * hits) / (SS * SS))
    }
  }
  return encodePng(rgba)
}

/** An 8-bit RGBA PNG: signature, IHDR, one IDAT (each row behind filter byte 0), IEND. */
function encodePng(rgba: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8 bits, RGBA, deflate, no filter method, no interlace
  const rows = Buffer.concat(Array.from({ length: SIZE }, (_, y) => Buffer.concat([Buffer.from([0]), rgba.subarray(y * SIZE * 4, (y + 1) * SIZE * 4)])))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const dir = join(__dirname, '..', 'src', 'assets', 'tabbar')
writeFileSync(join(dir, 'canteen.png'), draw([102, 102, 102]))
writeFileSync(join(dir, 'canteen-on.png'), draw([31, 111, 235]))
console.log('已生成 canteen.png 与 canteen-on.png')

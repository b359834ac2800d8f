import { describe, expect, test } from '@jest/globals'
import { stallIdOf } from '../../src/components/CanteenBits'
import { stallIdFromScan } from '../../src/pages/canteen/scan'

describe('a stall from a code or link', () => {
  test('a mini-program code opens the stall page with scene = the stall id, URL-encoded', () => {
    expect(stallIdOf({ scene: 'stall-east%2Drice' })).toBe('stall-east-rice')
    expect(stallIdOf({ id: 'stall-noodle' })).toBe('stall-noodle')
    expect(stallIdOf({})).toBe('')
  })

  test('扫一扫 finds the stall in a mini-program code’s path or a local QR code’s URL; anything else is not a stall', () => {
    expect(stallIdFromScan({ path: 'packages/canteen/stall/index?scene=stall-noodle', result: '' })).toBe('stall-noodle')
    expect(stallIdFromScan({ result: 'http://127.0.0.1:8080/#/packages/canteen/stall/index?scene=stall%2Dspicy' })).toBe('stall-spicy')
    expect(stallIdFromScan({ result: 'https://example.com/?scene=stall-noodle' })).toBeNull()
    expect(stallIdFromScan({ result: '6901234567892' })).toBeNull()
  })
})

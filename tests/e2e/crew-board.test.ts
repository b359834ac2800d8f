import { describe, expect, it } from '@jest/globals'
import { openFromList, snap, tapAction, topPage, usePhones } from './harness'

// The crew lead 赵师傅 and his worker 钱师傅 of 水电班组, and the reporter 张同学.
const phones = usePhones({ lead: '赵师傅', worker: '钱师傅', student: '张同学' })

/** A function called as a demo person, the way the app's cloud calls arrive. */
async function fn(openid: string, name: string, action: string, data: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${phones.url}/fn/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Dev-Openid': openid },
    body: JSON.stringify({ action, data }),
  })
  const body = (await res.json()) as { ok: boolean; data?: unknown; error?: unknown }
  if (!body.ok) throw new Error(`${name}.${action}: ${JSON.stringify(body.error)}`)
  return body.data
}
const STUDENT = 'demo-student-1'
const WORKER = 'demo-worker-water-1'

async function photoRule(required: boolean) {
  const cur = await fn('demo-admin-1', 'standards', 'current', {})
  const service = { hotline: '', hours: '', ...(cur.standard.service ?? {}), resultPhotoRequired: required }
  await fn('demo-admin-1', 'standards', 'save', { baseVersion: cur.version, standard: { ...cur.standard, service }, note: '测试' })
}

/** Filed as 其他 (no rule routes it) and dispatched by the duty desk to 钱师傅. */
async function toQian(description: string) {
  const t = await fn(STUDENT, 'tickets', 'create', {
    requestId: `crew-${Math.random().toString(36).slice(2, 12)}`,
    category: 'other',
    location: { campusId: 'campus-main', buildingId: 'bld-teach-1', room: '210' },
    description,
  })
  return fn('demo-dispatcher-1', 'tickets', 'dispatch', { ticketId: t.id, crewId: 'crew-water-elec', assigneeId: 'user-worker-water-1' })
}

describe('the crew lead’s board, 改派, 完成 with a result photo and the 评价 stars at 375 px', () => {
  it('cards say who has the job and 返修; the lead re-assigns (钱师傅 marked 当前) but cannot 接单; 完成 asks for a photo; stars are 32 px', async () => {
    const fresh = '二楼开水间的水龙头一直漏水'
    const back = '三楼卫生间冲水阀坏了'
    const toRate = '一楼大厅的灯不亮了'
    await toQian(fresh)
    // Two jobs done under a standard without the photo rule; one is sent back (返修).
    await photoRule(false)
    for (const d of [back, toRate]) {
      const t = await toQian(d)
      await fn(WORKER, 'tickets', 'accept', { ticketId: t.id })
      await fn(WORKER, 'tickets', 'arrive', { ticketId: t.id })
      await fn(WORKER, 'tickets', 'resolve', { ticketId: t.id, note: '已更换' })
      if (d === back) await fn(STUDENT, 'tickets', 'reject', { ticketId: t.id, reason: '晚上还是流水' })
      else await fn(STUDENT, 'tickets', 'confirm', { ticketId: t.id })
    }
    await photoRule(true)

    // The board: who has each job; the one that came back is marked.
    const lead = phones.lead
    await lead.goto(`${phones.url}/#/packages/worker/crew/index`)
    const card = topPage(lead).locator('.ticket-card', { hasText: fresh })
    await card.waitFor()
    expect(await card.locator('.ticket-card__who').innerText()).toBe('师傅：钱师傅 · 待接单')
    await snap(lead, 'crew-board-new')
    await topPage(lead).locator('.nut-tabs-titles-item', { hasText: '处理中' }).click()
    const redo = topPage(lead).locator('.ticket-card', { hasText: back })
    await redo.waitFor()
    expect(await redo.locator('.ticket-card__reopen').innerText()).toBe('返修')
    expect(await redo.locator('.ticket-card__who').innerText()).toBe('师傅：钱师傅')
    await snap(lead, 'crew-board-active')

    // 钱师傅's job: the lead may move it, not take it.
    const d = await openFromList(lead, phones.url, '/packages/worker/crew/index', fresh)
    const buttons = await d.locator('.ticket-actions__bar .nut-button').allInnerTexts()
    expect(buttons).not.toContain('接单')
    expect(buttons).toContain('改派给…')
    expect(buttons).not.toContain('转单')
    await tapAction(d, '改派给…')
    const sheet = lead.locator('.ticket-actions__sheet').last()
    const current = sheet.getByLabel('师傅 钱师傅 当前')
    await current.waitFor()
    expect(await current.innerText()).toContain('当前')
    await sheet.getByLabel('师傅 孙师傅').click()
    await snap(lead, 'crew-reassign-sheet')
    await sheet.locator('.nut-button', { hasText: '确定改派给 孙师傅' }).click()
    await sheet.waitFor({ state: 'detached', timeout: 15_000 })
    await d.getByText('水电班组 · 孙师傅').waitFor()

    // 完成 asks for the result photo first.
    const w = await openFromList(phones.worker, phones.url, '/packages/worker/jobs/index', back, '处理中')
    await tapAction(w, '到场签到')
    await w.locator('.ticket__head .status-tag', { hasText: '已到场' }).waitFor()
    await tapAction(w, '完成维修')
    const done = phones.worker.locator('.ticket-actions__sheet').last()
    await done.locator('textarea').fill('整个冲水阀换新')
    await done.locator('.nut-button', { hasText: '确定完成维修' }).click()
    const message = done.locator('#field-photos .field-error')
    await message.waitFor()
    expect(await message.innerText()).toBe('请拍一张维修结果的照片')
    await snap(phones.worker, 'resolve-sheet-photo-required')

    // 评价: stars a thumb can hit.
    const s = await openFromList(phones.student, phones.url, '/pages/tickets/index', toRate)
    await tapAction(s, '评价')
    const rate = phones.student.locator('.ticket-actions__sheet').last()
    await rate.locator('.nut-rate-item').nth(4).click()
    const star = await rate.locator('.nut-rate-item .nut-icon').first().boundingBox()
    expect(star!.width).toBeGreaterThanOrEqual(32)
    expect(star!.height).toBeGreaterThanOrEqual(32)
    await snap(phones.student, 'rate-sheet')
    expect(phones.problems).toEqual([])
  })
})

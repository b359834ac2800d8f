import { describe, expect, it } from '@jest/globals'
import { snap, topPage, usePhones } from './harness'

const phones = usePhones({ admin: '林处长' })

describe('the admin manages people (人员与角色)', () => {
  it('finds 钱师傅 by name, opens him, and deactivates him; his next call is refused', async () => {
    await phones.admin.goto(`${phones.url}/#/packages/admin/people/index`)
    const page = topPage(phones.admin)
    await page.locator('[aria-label="人员 赵师傅"]').waitFor()
    await snap(phones.admin, 'people-01-list')

    await page.locator('[aria-label="搜索人员"] input, input[aria-label="搜索人员"]').first().fill('钱')
    await page.locator('[aria-label="搜索"]').first().click()
    // 钱师傅 is on the first list too: wait for the search's answer, the list of one.
    await page.locator('[aria-label="人员 赵师傅"]').waitFor({ state: 'detached' })
    await page.locator('[aria-label="人员 钱师傅"]').waitFor()
    await expect(page.locator('[aria-label^="人员 "]').count()).resolves.toBe(1)
    await page.locator('[aria-label="人员 钱师傅"]').click()

    const person = topPage(phones.admin)
    await person.locator('[aria-label^="拨打 1"]').waitFor()
    await person.locator('[aria-label="班组：水电班组"]').waitFor()
    await snap(phones.admin, 'people-02-person')

    await person.locator('[aria-label="停用"]').click()
    await person.getByText(/他手上没有未完成的工单|张未完成的工单会逐单退回班组长/).waitFor()
    await person.locator('[aria-label="停用原因"] textarea, textarea[aria-label="停用原因"]').first().fill('离职')
    await snap(phones.admin, 'people-03-confirm')
    await person.locator('[aria-label="确认停用"]').click()
    await person.getByRole('status').getByText(/已停用/).waitFor()
    await person.getByText('停用人员').first().waitFor()
    await snap(phones.admin, 'people-04-deactivated')

    const res = await fetch(`${phones.url}/fn/me`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Dev-Openid': 'demo-worker-water-1' },
      body: JSON.stringify({ action: 'profile', data: {} }),
    }).then((r) => r.json())
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    await phones.admin.goto(`${phones.url}/#/packages/admin/audit/index`)
    await topPage(phones.admin).locator('[aria-label="操作记录 停用人员 钱师傅"]').waitFor()
    await snap(phones.admin, 'people-05-audit')
    expect(phones.problems).toEqual([])
  })
})

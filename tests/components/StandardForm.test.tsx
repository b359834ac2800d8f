import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { StandardEditor, type StandardApi } from '../../src/components/StandardForm'
import { CallError } from '../../src/services/cloud'
import { fieldId } from '../../src/services/fieldErrors'
import type { ServiceStandard, StandardView } from '../../types/standard'
import { standardView } from './fixtures'

type SaveInput = Parameters<StandardApi['save']>[0]

/** Where the form scrolled to (Taro.pageScrollTo's selector): the first refused field. */
const mockScrolls: string[] = []
jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual<{ default: Record<string, unknown> }>('@tarojs/taro')
  actual.default.pageScrollTo = (o: { selector: string }) => {
    mockScrolls.push(o.selector)
    return Promise.resolve()
  }
  return actual
})

/**
 * The standards function as the editor sees it. `current` answers the latest saved view; `save`
 * records what was sent and answers the next version, unless `refuse` says how the server refuses.
 */
function fakeStandards(start: StandardView = standardView()) {
  const sent: SaveInput[] = []
  const state = { latest: start, reads: 0, refuse: null as CallError | null, saves: 0 }
  const history = () => ({
    versions: Array.from({ length: state.latest.version }, (_, i) => state.latest.version - i).map((version) =>
      version === state.latest.version
        ? { version, createdAt: state.latest.createdAt, createdByName: state.latest.createdByName, note: state.latest.note, changes: [] }
        : version === 1
          ? { version, createdAt: new Date(0).toISOString(), createdByName: '系统默认', note: '', changes: [] }
          : { version, createdAt: '2026-09-01T01:00:00.000Z', createdByName: '王管理', note: `第 ${version} 版说明`, changes: [`工作时间：08:00–17:30 → 08:00–18:00`, `新增节假日 2026-10-01 等 2 天`] },
    ),
  })
  const api: StandardApi = {
    current: async () => {
      state.reads += 1
      return state.latest
    },
    history: async () => history(),
    save: async (input) => {
      sent.push(input)
      if (state.refuse) throw state.refuse
      state.saves += 1
      state.latest = { ...state.latest, version: state.latest.version + 1, standard: input.standard, note: input.note ?? '', createdByName: '王管理', createdAt: '2026-11-23T08:00:00.000Z' }
      return { ...state.latest, saved: true }
    },
  }
  return { api, sent, state }
}

async function renderEditor(fake = fakeStandards(), canSave = true) {
  const view = render(<StandardEditor api={fake.api} canSave={canSave} />)
  await screen.findByText(`当前第 ${fake.state.latest.version} 版`)
  await screen.findByText(/^第 1 版/)
  return view
}

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement
const tap = (el: Element) => act(async () => void fireEvent.click(el))

async function typeInto(label: string, text: string) {
  await act(async () => void fireEvent.input(field(label), { target: { value: text } }))
}

/** Taro's Textarea is the <taro-textarea-core> web component: type into the <textarea> it renders. */
async function typeArea(label: string, text: string) {
  const host = screen.getByLabelText(label)
  const textarea = await waitFor(() => {
    const el = host.querySelector('textarea')
    if (!el) throw new Error('taro-textarea-core has not rendered its <textarea> yet')
    return el
  })
  await act(async () => void fireEvent.input(textarea, { target: { value: text } }))
}

/** The message under a field (its wrapper carries fieldId(path)); null when the field is not refused. */
function fieldError(path: string): string | null {
  const wrapper = document.getElementById(fieldId(path))
  if (!wrapper) throw new Error(`no field ${path} on the page`)
  return wrapper.querySelector('.field-error')?.textContent ?? null
}

/** Every message the form shows: none may read like a program (期望 string, Invalid input). */
const shownErrors = () => [...document.querySelectorAll('.field-error, [role="alert"]')].map((e) => e.textContent ?? '')
const noEnglish = () => expect(shownErrors().filter((t) => /[a-zA-Z]{3,}/.test(t))).toEqual([])

const errorShown = () => screen.getByRole('alert').textContent
const save = () => tap(screen.getByText('保存'))
/** A change to the promised times asks first: the dialog, and 确认保存 in it. */
const dialog = () => screen.queryByRole('dialog')
const confirmSave = async () => {
  expect(dialog()).not.toBeNull()
  await tap(within(dialog()!).getByLabelText('确认保存'))
}

describe('服务标准 editor', () => {
  test('shows the current version, who saved it, when and why, and every number of the standard', async () => {
    await renderEditor()
    expect(screen.getByText('王管理')).toBeTruthy()
    // 02:30 UTC is 10:30 on campus.
    expect(screen.getByText('2026-11-20 10:30')).toBeTruthy()
    expect(screen.getAllByText('国庆放假安排').length).toBeGreaterThan(0)

    expect(field('紧急 派工接单时限').value).toBe('30')
    expect(field('紧急 校内到场').value).toBe('20')
    expect(field('紧急 校外到场').value).toBe('30')
    expect(field('小修 当日截止受理时间').value).toBe('18:00')
    expect(field('小修 当天完成时间').value).toBe('22:00')
    expect(field('小修 次日完成时间').value).toBe('12:00')
    expect(field('中修 完成时限').value).toBe('24')
    // Major repairs and appointments have no number to edit.
    expect(screen.getByText('按计划日期')).toBeTruthy()
    expect(screen.getByText('按约定时间')).toBeTruthy()
    expect(screen.queryByLabelText('大修 完成时限')).toBeNull()

    expect(field('上班时间').value).toBe('08:00')
    expect(field('下班时间').value).toBe('18:00')
    expect(screen.getByLabelText('工作日 周五').className).toContain('std-chip--on')
    expect(screen.getByLabelText('工作日 周六').className).not.toContain('std-chip--on')
    expect(screen.getByText('已识别 2 天')).toBeTruthy()
    expect(field('提醒比例').value).toBe('80')
    expect(field('二级升级倍数').value).toBe('2')
    expect(field('普通接单超时').value).toBe('10')
    expect(field('紧急接单超时').value).toBe('3')

    // The routing rule: 电 on 东湖校区, any building, to 水电班组.
    expect(screen.getByLabelText('分派规则第 1 条 类别').textContent).toBe('电')
    expect(screen.getByLabelText('分派规则第 1 条 校区').textContent).toBe('东湖校区')
    expect(screen.getByLabelText('分派规则第 1 条 楼宇').textContent).toBe('不限楼宇')
    expect(screen.getByLabelText('分派规则第 1 条 班组').textContent).toBe('水电班组')

    // Versions, newest first; the built-in default has no author time.
    const history = screen.getByText('历史版本').parentElement!
    expect(within(history).getByText('第 3 版（当前）')).toBeTruthy()
    expect(within(history).getByText('第 2 版说明')).toBeTruthy()
    expect(within(history).getByText('系统默认')).toBeTruthy()
  })

  test('a cut-off later than the end of the day is refused with the reason, and nothing is sent', async () => {
    const fake = fakeStandards()
    await renderEditor(fake)
    await typeInto('小修 当日截止受理时间', '23:00')
    await save()
    expect(fieldError('classes.minor.resolve.cutoff')).toBe('小修：当日截止受理时间不能晚于当天完成时间')
    // Its box is marked red.
    expect(field('小修 当日截止受理时间').closest('.field--error')).not.toBeNull()
    expect(errorShown()).toBe('有内容需要修改，请看标红的项')
    await waitFor(() => expect(mockScrolls.at(-1)).toBe(`#${fieldId('classes.minor.resolve.cutoff')}`))
    noEnglish()
    expect(fake.sent).toHaveLength(0)
    // Fixed: the message goes as the field is edited.
    await typeInto('小修 当日截止受理时间', '17:00')
    expect(fieldError('classes.minor.resolve.cutoff')).toBeNull()
  })

  test('an emptied number is refused by name', async () => {
    const fake = fakeStandards()
    await renderEditor(fake)
    await typeInto('紧急 校内到场', '')
    await typeInto('提醒比例', '')
    await save()
    // Both at their fields at once, in words for people.
    expect(fieldError('classes.emergency.arrival.onCampus')).toBe('紧急 · 校内到场分钟：请填写整数分钟')
    expect(fieldError('remindAt')).toBe('请填写提醒比例（百分数）')
    noEnglish()
    await typeInto('紧急 校内到场', '0')
    expect(fieldError('classes.emergency.arrival.onCampus')).toBeNull()
    expect(fieldError('remindAt')).toBe('请填写提醒比例（百分数）')
    await save()
    expect(fieldError('classes.emergency.arrival.onCampus')).toBe('紧急 · 校内到场分钟：时长必须大于 0')
    await typeInto('紧急 校内到场', '20')
    await typeInto('提醒比例', '99')
    await save()
    expect(fieldError('classes.emergency.arrival.onCampus')).toBeNull()
    expect(fieldError('remindAt')).toBe('提醒比例应在 50% 到 95% 之间')
    noEnglish()
    expect(fake.sent).toHaveLength(0)
  })

  test('a valid edit is sent as the whole standard on the version it was made from, then shown as the new version', async () => {
    const fake = fakeStandards()
    await renderEditor(fake)
    await typeInto('紧急 校内到场', '15')
    await tap(screen.getByLabelText('中修 按工作时间计'))
    await typeInto('中修 完成时限', '48')
    // Typed the way a phone keyboard makes it easy; read as 17:30 once the field is left.
    await typeInto('小修 当日截止受理时间', '1730')
    await act(async () => void fireEvent.blur(field('小修 当日截止受理时间')))
    expect(field('小修 当日截止受理时间').value).toBe('17:30')
    await tap(screen.getByLabelText('工作日 周六'))
    // Waiting for parts stops the clock too, from this version on.
    expect(screen.getByLabelText('暂停计时 等待配件').className).not.toContain('std-chip--on')
    await tap(screen.getByLabelText('暂停计时 等待配件'))
    await typeInto('提醒比例', '75')
    await typeInto('紧急接单超时', '5')
    await typeArea('修改说明', '  暑期人手紧张，放宽中修时限  ')
    await save()

    // The promised times change: nothing is sent before the office confirms what changes.
    expect(fake.sent).toHaveLength(0)
    const asked = within(dialog()!)
    expect(asked.getByText('确认修改服务时限？')).toBeTruthy()
    expect(asked.getByText('紧急 校内到场时限：20 分钟 → 15 分钟')).toBeTruthy()
    expect(asked.getByText('中修 完成时限：24 小时 → 48 小时')).toBeTruthy()
    expect(asked.getByText('中修 按工作时间计：是 → 否')).toBeTruthy()
    expect(asked.getByText('工作日：周一至周五 → 周一至周六')).toBeTruthy()
    expect(asked.getByText(/已登记的工单仍按原来的版本计时/)).toBeTruthy()
    await confirmSave()

    expect(screen.queryByRole('alert')).toBeNull()
    expect(dialog()).toBeNull()
    expect(fake.sent).toHaveLength(1)
    const before = standardView().standard
    const expected: ServiceStandard = {
      ...before,
      classes: {
        ...before.classes,
        emergency: { ...before.classes.emergency, arrival: { kind: 'minutes', onCampus: 15, offsite: 30 } },
        minor: { ...before.classes.minor, resolve: { kind: 'sameDay', cutoff: '17:30', endOfDay: '22:00', nextDayBy: '12:00' } },
        medium: { firstResponse: { minutes: 30, workingHoursOnly: false }, resolve: { kind: 'hours', hours: 48 } },
      },
      workingHours: { start: '08:00', end: '18:00', weekdays: [1, 2, 3, 4, 5, 6] },
      pauseOn: ['parts', 'appointment'],
      remindAt: 0.75,
      acceptTimeout: { normal: 10, emergency: 5 },
      service: { hotline: '', hours: '', resultPhotoRequired: true },
    }
    expect(fake.sent[0]).toEqual({ baseVersion: 3, standard: expected, note: '暑期人手紧张，放宽中修时限' })

    expect(screen.getByRole('status').textContent).toBe('已保存为第 4 版，新报修按新标准计时；已登记的工单仍按原版本')
    expect(screen.getByText('当前第 4 版')).toBeTruthy()
    expect(field('中修 完成时限').value).toBe('48')
    await screen.findByText('第 4 版（当前）')
  })

  test('holidays pasted from a spreadsheet are read one date each, whatever separates them', async () => {
    const fake = fakeStandards()
    await renderEditor(fake)
    await typeArea('节假日', '2026-10-01\n2026-10-02, 2026-10-03 2026/10/4\t2026年10月5日\n\n2026-10-01\n')
    expect(screen.getByText('已识别 5 天')).toBeTruthy()
    await save()
    expect(within(dialog()!).getByText('新增节假日 2026-10-03 等 3 天')).toBeTruthy()
    await confirmSave()
    expect(fake.sent).toHaveLength(1)
    expect(fake.sent[0].standard.holidays).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05'])
  })

  test('a holiday that is not a date is named, and nothing is sent', async () => {
    const fake = fakeStandards()
    await renderEditor(fake)
    await typeArea('节假日', '2026-10-01\n国庆\n2026-02-30')
    expect(screen.getByText('已识别 2 天；无法识别：国庆')).toBeTruthy()
    await save()
    expect(fieldError('holidays')).toBe('节假日 2026-02-30：节假日日期无效')
    await typeArea('节假日', '2026-10-01\n国庆')
    expect(fieldError('holidays')).toBeNull()
    await save()
    expect(fieldError('holidays')).toBe('节假日 国庆：节假日日期格式应为 2026-10-01 这样')
    expect(fake.sent).toHaveLength(0)
  })

  test('a new routing rule needs a crew; a deleted one is gone from what is sent', async () => {
    const fake = fakeStandards()
    await renderEditor(fake)
    await tap(screen.getByText('添加规则'))
    expect(screen.getByLabelText('分派规则第 2 条 班组').textContent).toBe('请选择班组')
    await save()
    expect(fieldError('routes.1')).toBe('分派规则第 2 条：请选择班组')
    expect(fieldError('routes.0')).toBeNull()
    noEnglish()
    expect(fake.sent).toHaveLength(0)

    await tap(screen.getByLabelText('删除分派规则第 2 条'))
    await tap(screen.getByLabelText('删除分派规则第 1 条'))
    expect(screen.getByText('没有分派规则：报修按各班组负责的类别和校区派工。')).toBeTruthy()
    await save()
    // Rules alone do not move a promise: saved without asking.
    expect(dialog()).toBeNull()
    expect(fake.sent).toHaveLength(1)
    expect(fake.sent[0].standard.routes).toEqual([])
  })

  test('the server’s refusal is shown as it says it', async () => {
    const fake = fakeStandards()
    fake.state.refuse = new CallError('INVALID_INPUT', '分派规则第 1 条：班组不存在')
    await renderEditor(fake)
    await typeInto('服务热线', '0571-88886666')
    await save()
    expect(errorShown()).toBe('分派规则第 1 条：班组不存在')
    expect(screen.queryByText('重新加载最新版本')).toBeNull()
    expect(screen.getByText('当前第 3 版')).toBeTruthy()
  })

  test('when someone else saved first, it says so and reloads the latest version on request', async () => {
    const fake = fakeStandards()
    await renderEditor(fake)
    await typeInto('中修 完成时限', '36')
    // Meanwhile another admin saved version 4.
    fake.state.latest = { ...fake.state.latest, version: 4, createdByName: '李管理', note: '加了网络报修的分派' }
    fake.state.refuse = new CallError('CONFLICT', '服务标准已被更新为第 4 版，请刷新后再修改')
    await save()
    await confirmSave()
    expect(errorShown()).toBe('服务标准已被更新为第 4 版，请刷新后再修改')
    expect(screen.getByText(/有人刚保存了新的版本/)).toBeTruthy()
    expect(fake.sent[0].baseVersion).toBe(3)

    await tap(screen.getByText('重新加载最新版本'))
    await screen.findByText('当前第 4 版')
    expect(screen.getByText('李管理')).toBeTruthy()
    expect(field('中修 完成时限').value).toBe('24')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  test('a dispatcher reads the standard but has nothing to save or change', async () => {
    await renderEditor(fakeStandards(), false)
    expect(screen.getByText('仅后勤管理员可以修改服务标准')).toBeTruthy()
    expect(screen.queryByText('保存')).toBeNull()
    expect(screen.queryByText('添加规则')).toBeNull()
    expect(screen.queryByLabelText('删除分派规则第 1 条')).toBeNull()
    expect(screen.queryByLabelText('修改说明')).toBeNull()
    expect(field('中修 完成时限').disabled).toBe(true)
    await tap(screen.getByLabelText('工作日 周六'))
    expect(screen.getByLabelText('工作日 周六').className).not.toContain('std-chip--on')
  })

  test('saving with no change asks nothing, sends nothing and says no version was made', async () => {
    const fake = fakeStandards()
    await renderEditor(fake)
    // Typed over with the same value, and a note: still no change.
    await typeInto('中修 完成时限', '24')
    await typeArea('修改说明', '看看')
    await save()
    expect(dialog()).toBeNull()
    expect(fake.sent).toHaveLength(0)
    expect(screen.getByRole('status').textContent).toBe('没有改动，未生成新版本')
    expect(screen.getByText('当前第 3 版')).toBeTruthy()
  })

  test('when the server finds nothing changed, the editor says so and stays on its version', async () => {
    const fake = fakeStandards()
    fake.api.save = async (input) => {
      fake.sent.push(input)
      return { ...fake.state.latest, saved: false }
    }
    await renderEditor(fake)
    await typeInto('服务热线', '0571-88886666')
    await save()
    expect(fake.sent).toHaveLength(1)
    expect(screen.getByRole('status').textContent).toBe('没有改动，未生成新版本')
    expect(screen.getByText('当前第 3 版')).toBeTruthy()
  })

  test('the service desk: hotline, its hours and the result photo (on by default) are saved without asking; a bad hotline is refused at the field', async () => {
    const fake = fakeStandards()
    await renderEditor(fake)
    expect(field('服务热线').value).toBe('')
    // On by default (a version saved before the setting existed asks for a photo).
    expect(screen.getByText('师傅点完成时至少上传一张结果照片')).toBeTruthy()

    await typeInto('服务热线', '0571 8888 6666')
    await typeInto('接听时间', '工作日 8:00–17:30 以及周末和法定节假日的上午与下午值班时段')
    await save()
    expect(fieldError('service.hotline')).toBe('服务热线只能填数字和短横线，例如 0571-88886666')
    expect(fieldError('service.hours')).toBe('接听时间最多 30 个字')
    noEnglish()
    expect(fake.sent).toHaveLength(0)

    await typeInto('服务热线', '0571-88886666')
    expect(fieldError('service.hotline')).toBeNull()
    expect(fieldError('service.hours')).toBe('接听时间最多 30 个字')
    await typeInto('接听时间', '工作日 8:00–17:30')
    expect(fieldError('service.hours')).toBeNull()
    await tap(screen.getByLabelText('完成时必须拍照'))
    expect(screen.getByText('师傅可以不拍照直接完成')).toBeTruthy()
    await save()
    // The hotline and the photo rule move no promise: no dialog.
    expect(dialog()).toBeNull()
    expect(fake.sent).toHaveLength(1)
    expect(fake.sent[0].standard.service).toEqual({ hotline: '0571-88886666', hours: '工作日 8:00–17:30', resultPhotoRequired: false })
    await screen.findByText('当前第 4 版')
  })

  test('再看看 closes the dialog and sends nothing; the change stays in the form', async () => {
    const fake = fakeStandards()
    await renderEditor(fake)
    await typeInto('上班时间', '08:30')
    await save()
    expect(within(dialog()!).getByText('工作时间：08:00–18:00 → 08:30–18:00')).toBeTruthy()
    await tap(within(dialog()!).getByLabelText('再看看'))
    expect(dialog()).toBeNull()
    expect(fake.sent).toHaveLength(0)
    expect(field('上班时间').value).toBe('08:30')
  })

  test('the history shows what each version changed', async () => {
    await renderEditor()
    const v2 = screen.getByLabelText('第 2 版的改动')
    expect(within(v2).getByText('工作时间：08:00–17:30 → 08:00–18:00')).toBeTruthy()
    expect(within(v2).getByText('新增节假日 2026-10-01 等 2 天')).toBeTruthy()
    // The built-in version 1 changed nothing.
    expect(screen.queryByLabelText('第 1 版的改动')).toBeNull()
  })
})

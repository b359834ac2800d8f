import { act, fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { ProfileForm, type ProfileStart, type SaveInput } from '../../src/packages/profile/ProfileForm'
import { CallError } from '../../src/services/cloud'
import { expectNoLatinErrors } from './fieldAt'

const CAMPUSES = [
  { id: 'campus-main', name: '主校区', buildings: [{ id: 'bld-dorm-3', name: '学生宿舍3号楼' }, { id: 'bld-library', name: '图书馆' }] },
  { id: 'campus-east', name: '东湖校区', buildings: [{ id: 'bld-east-dorm-1', name: '东湖学生宿舍1号楼' }] },
]
const EMPTY: ProfileStart = { name: '', kind: null, number: '', department: '', phone: '', phoneVerified: false, usualPlace: null }

function renderForm(start: ProfileStart = EMPTY, refuse: CallError | null = null) {
  const sent: SaveInput[] = []
  render(
    <ProfileForm
      start={start}
      campuses={CAMPUSES}
      submitLabel='保存'
      hasPhone={!!start.phone}
      onSave={async (input) => {
        sent.push(input)
        if (refuse) throw refuse
      }}
    />,
  )
  return sent
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement
const tap = (el: Element) => act(async () => void fireEvent.click(el))
const typeInto = (label: string, text: string) => act(async () => void fireEvent.input(input(label), { target: { value: text } }))
const errorBeside = (label: string) => screen.getByLabelText(label).closest('.pf-field')?.querySelector('[role="alert"]')?.textContent ?? null
const save = () => tap(screen.getByText('保存'))

async function fillValid() {
  await typeInto('姓名', '林小雨')
  await tap(screen.getByLabelText('身份 学生'))
  await typeInto('学号或工号', '2026010203')
  await typeInto('院系或部门', '计算机学院')
  await typeInto('手机号', '13912345678')
}

describe('我的资料 form', () => {
  test('an empty form says beside each field what it needs, and sends nothing', async () => {
    const sent = renderForm()
    await save()
    expect(errorBeside('姓名')).toBe('请填写姓名')
    expectNoLatinErrors()
    expect(errorBeside('身份 学生')).toBe('请选择身份：学生、教师或职工')
    expectNoLatinErrors()
    expect(errorBeside('学号或工号')).toBe('学号或工号为 3–20 位字母或数字')
    expectNoLatinErrors()
    expect(errorBeside('院系或部门')).toBe('请填写院系或部门')
    expectNoLatinErrors()
    expect(errorBeside('手机号')).toBe('请填写手机号')
    expectNoLatinErrors()
    expect(screen.getByText('有填写不正确的地方，请按提示修改')).toBeTruthy()
    expect(sent).toEqual([])
  })

  test('an error goes as soon as its field is fixed; the others stay', async () => {
    renderForm()
    await save()
    await typeInto('姓名', '林小雨')
    expect(errorBeside('姓名')).toBeNull()
    await typeInto('手机号', '1391234')
    expect(errorBeside('手机号')).toBe('请填写正确的 11 位手机号')
    expectNoLatinErrors()
    await typeInto('手机号', '13912345678')
    expect(errorBeside('手机号')).toBeNull()
    await tap(screen.getByLabelText('身份 教师'))
    expect(errorBeside('身份 学生')).toBeNull()
    expect(errorBeside('院系或部门')).toBe('请填写院系或部门')
    expectNoLatinErrors()
    expect(screen.getByText('有填写不正确的地方，请按提示修改')).toBeTruthy()
    await typeInto('学号或工号', '2026010203')
    await typeInto('院系或部门', '计算机学院')
    // Every field fixed: the summary under the form goes too.
    expect(screen.queryByText('有填写不正确的地方，请按提示修改')).toBeNull()
  })

  test('sends the profile with the usual place picked from campus, building and room', async () => {
    const sent = renderForm()
    await fillValid()
    await tap(screen.getByLabelText('常用校区 主校区'))
    await tap(screen.getByLabelText('常用楼栋 学生宿舍3号楼'))
    await typeInto('常用房间', '305')
    await save()
    expect(sent).toEqual([
      {
        name: '林小雨', kind: 'student', number: '2026010203', department: '计算机学院', phone: '13912345678',
        usualPlace: { campusId: 'campus-main', buildingId: 'bld-dorm-3', room: '305' },
      },
    ])
  })

  test('a campus without a building is refused beside 常用地点', async () => {
    const sent = renderForm()
    await fillValid()
    await tap(screen.getByLabelText('常用校区 东湖校区'))
    await save()
    expect(errorBeside('常用校区 东湖校区')).toBe('请选择常用地点的楼栋')
    expectNoLatinErrors()
    expect(sent).toEqual([])
  })

  test('the server’s refusal is shown beside the field it names', async () => {
    renderForm(EMPTY, new CallError('INVALID_INPUT', '常用地点：所选楼栋不在这个校区，请重新选择'))
    await fillValid()
    await tap(screen.getByLabelText('常用校区 主校区'))
    await tap(screen.getByLabelText('常用楼栋 图书馆'))
    await save()
    expect(errorBeside('常用校区 主校区')).toBe('常用地点：所选楼栋不在这个校区，请重新选择')
    expectNoLatinErrors()
    expect(errorBeside('姓名')).toBeNull()
  })

  test('a phone on record may stay: it is shown masked and not sent unless a new one is typed', async () => {
    const sent = renderForm({
      name: '张同学', kind: 'student', number: 'S20260001', department: '计算机学院', phone: '138****1001', phoneVerified: true,
      usualPlace: { campusId: 'campus-main', buildingId: 'bld-dorm-3', roomId: null, room: '305', label: '主校区 · 学生宿舍3号楼 · 305' },
    })
    expect(screen.getByLabelText('当前手机号').textContent).toBe('138****1001 · 微信验证')
    await save()
    expect(sent).toEqual([
      { name: '张同学', kind: 'student', number: 'S20260001', department: '计算机学院', usualPlace: { campusId: 'campus-main', buildingId: 'bld-dorm-3', room: '305' } },
    ])
    // Clearing the usual place sends null.
    await tap(screen.getByLabelText('清除常用地点'))
    await save()
    expect(sent[1].usualPlace).toBeNull()
  })
})

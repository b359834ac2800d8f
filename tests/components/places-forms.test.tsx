import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { BuildingForm, type BuildingInput } from '../../src/packages/admin/placesKit'
import { TicketForm, type TicketDraft } from '../../src/components/TicketForm'
import { CallError } from '../../src/services/cloud'
import type { CampusView, RoomPlace } from '../../types/places'
import { formOptions } from './fixtures'
import { expectNoLatinErrors } from './fieldAt'

const campuses: CampusView[] = [
  { id: 'campus-main', name: '主校区', offsite: false, order: 1 },
  { id: 'campus-east', name: '东湖校区', offsite: true, order: 2 },
]

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement
const tap = (el: Element) => act(async () => void fireEvent.click(el))
const typeInto = (label: string, text: string) => act(async () => void fireEvent.input(input(label), { target: { value: text } }))
/** The error in the same field block as this input: beside it, not somewhere on the page. */
const errorBeside = (label: string) => input(label).closest('.pl-field')?.querySelector('[role="alert"]')?.textContent ?? null

function renderBuildingForm(answer: (input: BuildingInput) => Promise<void> = async () => undefined) {
  const sent: BuildingInput[] = []
  let cancelled = 0
  render(
    <BuildingForm
      campuses={campuses}
      initial={{ campusId: 'campus-main' }}
      onSave={async (i) => {
        sent.push(i)
        await answer(i)
      }}
      onCancel={() => void cancelled++}
    />,
  )
  return { sent, cancelled: () => cancelled }
}

describe('添加楼栋 form', () => {
  test('each bad field is refused beside itself, in Chinese, and nothing is sent', async () => {
    const { sent } = renderBuildingForm()
    await tap(screen.getByLabelText('保存楼栋'))
    expect(errorBeside('楼栋编码')).toBe('楼栋编码为 1–12 位字母、数字或 -')
    expectNoLatinErrors()
    expect(errorBeside('楼栋名称')).toBe('请填写楼栋名称')
    expectNoLatinErrors()
    expect(errorBeside('层数')).toBe('请填写层数')
    expectNoLatinErrors()
    expect(errorBeside('楼栋类型')).toBeNull()

    await typeInto('楼栋编码', 'A 3')
    await typeInto('楼栋名称', '学生宿舍9号楼')
    await typeInto('层数', '0')
    await tap(screen.getByLabelText('保存楼栋'))
    expect(errorBeside('楼栋编码')).toBe('楼栋编码为 1–12 位字母、数字或 -')
    expectNoLatinErrors()
    expect(errorBeside('楼栋名称')).toBeNull()
    expect(errorBeside('层数')).toBe('层数至少 1 层')
    expectNoLatinErrors()
    expect(sent).toEqual([])

    // Typing clears that field's message only.
    await typeInto('楼栋编码', 'D9')
    expect(errorBeside('楼栋编码')).toBeNull()
    expect(errorBeside('层数')).toBe('层数至少 1 层')
    expectNoLatinErrors()
  })

  test('a good form sends what the function takes, in the chosen campus', async () => {
    const { sent } = renderBuildingForm()
    await tap(screen.getByLabelText('校区 东湖校区'))
    await typeInto('楼栋编码', ' ED9 ')
    await typeInto('楼栋名称', '东湖实验楼')
    await typeInto('楼栋类型', '实验楼')
    await typeInto('层数', '5')
    await tap(screen.getByLabelText('保存楼栋'))
    expect(sent).toEqual([{ campusId: 'campus-east', code: 'ED9', name: '东湖实验楼', kind: '实验楼', floors: 5 }])
  })

  test('a 楼栋编码 another building has is shown beside the code, naming that building', async () => {
    renderBuildingForm(async () => {
      throw new CallError('CONFLICT', '楼栋编码 D3 已被「学生宿舍3号楼」使用，请换一个')
    })
    await typeInto('楼栋编码', 'D3')
    await typeInto('楼栋名称', '新楼')
    await typeInto('层数', '6')
    await tap(screen.getByLabelText('保存楼栋'))
    await waitFor(() => expect(errorBeside('楼栋编码')).toBe('楼栋编码 D3 已被「学生宿舍3号楼」使用，请换一个'))
    expect(errorBeside('楼栋名称')).toBeNull()
  })
})

const place: RoomPlace = {
  roomId: 'rm-d3-305', campusId: 'campus-main', campusName: '主校区', buildingId: 'bld-dorm-3', buildingName: '学生宿舍3号楼',
  floor: 3, room: '305', label: '主校区 · 学生宿舍3号楼 · 305',
}

describe('报修 form opened by a room code', () => {
  async function fill() {
    await tap(screen.getByLabelText('类别 水'))
    const host = screen.getByLabelText('问题描述')
    const textarea = await waitFor(() => {
      const el = host.querySelector('textarea')
      if (!el) throw new Error('no textarea yet')
      return el
    })
    await act(async () => void fireEvent.input(textarea, { target: { value: '卫生间水龙头一直滴水' } }))
  }

  test('starts with campus, building and room filled in, says so, and files the room', async () => {
    const submitted: TicketDraft[] = []
    render(<TicketForm options={formOptions} onSubmit={async (d) => void submitted.push(d)} place={place} />)
    expect(screen.getByText('已按房间码填好位置')).toBeTruthy()
    expect(screen.getByText('学生宿舍3号楼').className).toContain('chip--on')
    expect(screen.getByText('主校区').className).toContain('chip--on')
    expect(input('房间号').value).toBe('305')
    await fill()
    await tap(screen.getByText('提交报修'))
    expect(submitted[0].input.location).toEqual({ campusId: 'campus-main', buildingId: 'bld-dorm-3', roomId: 'rm-d3-305', room: '305' })
  })

  test('choosing another building drops the room: the note goes and no room id is filed', async () => {
    const submitted: TicketDraft[] = []
    render(<TicketForm options={formOptions} onSubmit={async (d) => void submitted.push(d)} place={place} />)
    await tap(screen.getByText('第一教学楼'))
    expect(screen.queryByText('已按房间码填好位置')).toBeNull()
    await fill()
    await tap(screen.getByText('提交报修'))
    expect(submitted[0].input.location).toEqual({ campusId: 'campus-main', buildingId: 'bld-teach-1', room: '305' })
  })

  test('without a room code nothing is filled in and no note shows', () => {
    render(<TicketForm options={formOptions} onSubmit={async () => undefined} />)
    expect(screen.queryByText('已按房间码填好位置')).toBeNull()
    expect(input('房间号').value).toBe('')
  })
})

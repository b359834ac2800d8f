import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { TicketForm, type TicketDraft } from '../../src/components/TicketForm'
import type { ChosenFile, PickedPhoto } from '../../src/services/photos'
import { fakeCamera, formOptions } from './fixtures'

// NutUI's Uploader opens the phone's chooser through Taro.chooseMedia: the fake camera answers it.
// (A jest mock factory may use only variables named mock*: it runs before this line, the chooser later.)
const mockPhone = { camera: null as null | { chooseMedia(opts: unknown): Promise<unknown> }, scrolled: [] as string[], goneFiles: new Set<string>() }
jest.mock('@tarojs/taro', () => {
  const taro = jest.requireActual<Record<string, unknown>>('@tarojs/taro')
  const pageScrollTo = async (opts: { selector: string }) => void mockPhone.scrolled.push(opts.selector)
  // WeChat's file system, as far as the draft asks: is a temp file still there?
  const getFileSystemManager = () => ({
    accessSync(path: string) {
      if (mockPhone.goneFiles.has(path)) throw new Error('access:fail no such file or directory')
    },
  })
  return {
    ...taro,
    __esModule: true,
    // The H5 build rewrites Taro.xxx into these named imports (babel-plugin-transform-taroapi); jest does not.
    default: { ...(taro.default as object), ...taro, pageScrollTo, getFileSystemManager },
    pageScrollTo,
    getFileSystemManager,
    chooseMedia: (opts: unknown) => {
      if (!mockPhone.camera) throw new Error('this test did not expect the chooser to open')
      return mockPhone.camera.chooseMedia(opts)
    },
  }
})
afterEach(() => {
  mockPhone.camera = null
})
// The draft lives in storage (localStorage in H5): every test starts with none.
beforeEach(() => localStorage.clear())

type Compress = (files: ChosenFile[]) => Promise<PickedPhoto[]>

function renderForm(opts: { camera?: ReturnType<typeof fakeCamera>; compress?: Compress; onSubmit?: (d: TicketDraft) => Promise<void> } = {}) {
  mockPhone.goneFiles.clear()
  const submitted: TicketDraft[] = []
  const onSubmit = opts.onSubmit ?? (async (d: TicketDraft) => void submitted.push(d))
  mockPhone.camera = opts.camera ?? null
  const compress = opts.compress ?? opts.camera?.compress
  const view = render(<TicketForm options={formOptions} onSubmit={onSubmit} compress={compress} />)
  return { ...view, submitted }
}

const tap = (el: Element) => act(async () => void fireEvent.click(el))

/** The 拍照/相册 tile is covered by the Uploader's transparent button: that is what a finger lands on. */
function addPhotoButton(): Element {
  const tile = screen.getByText('拍照/相册').closest('.nut-uploader-upload')
  const button = tile?.querySelector('.nut-uploader-input')
  if (!button) throw new Error('no 拍照/相册 tile to tap')
  return button
}

/** Tap 拍照/相册, then let the chooser, compression and Uploader settle. */
async function addPhotos() {
  await tap(addPhotoButton())
  await act(async () => void (await new Promise((r) => setTimeout(r, 20))))
}

/** The × in the corner of each thumbnail, in order. */
const removeButtons = (container: HTMLElement) => [...container.querySelectorAll('.nut-uploader-preview .close')]

/** The Textarea is Taro's <taro-textarea-core> web component: type into the <textarea> it renders. */
async function typeDescription(text: string) {
  const host = screen.getByLabelText('问题描述')
  const textarea = await waitFor(() => {
    const el = host.querySelector('textarea')
    if (!el) throw new Error('taro-textarea-core has not rendered its <textarea> yet')
    return el
  })
  await act(async () => void fireEvent.input(textarea, { target: { value: text } }))
}

async function typeInto(label: string, text: string) {
  await act(async () => void fireEvent.input(screen.getByLabelText(label), { target: { value: text } }))
}

const submitButton = () => screen.getByText('提交报修')

function errorShown(): string {
  return screen.getByRole('alert').textContent ?? ''
}

/** The message shown inside a part's wrapper (id field-<part>), which is also marked field--error. */
function errorAt(part: string): string {
  const wrapper = document.getElementById(`field-${part}`)
  if (!wrapper) throw new Error(`no wrapper for ${part}`)
  return wrapper.querySelector('.field-error')?.textContent ?? ''
}
const markedParts = () => [...document.querySelectorAll('.field--error')].map((el) => el.closest('[id^="field-"]')?.id)
const allFieldErrors = () => [...document.querySelectorAll('.field-error')].map((el) => el.textContent ?? '')

describe('TicketForm', () => {
  test('shows every category with its hint, the campuses and the first campus’s buildings', () => {
    renderForm()
    for (const c of formOptions.categories) {
      const chip = screen.getByLabelText(`类别 ${c.name}`)
      expect(chip.textContent).toContain(c.name)
      expect(chip.textContent).toContain(c.hint)
    }
    expect(screen.getByText('主校区')).toBeTruthy()
    expect(screen.getByText('东湖校区')).toBeTruthy()
    expect(screen.getByText('第一教学楼')).toBeTruthy()
    expect(screen.getByText('学生宿舍3号楼')).toBeTruthy()
    // Buildings of the other campus only show once it is chosen.
    expect(screen.queryByText('东湖学生宿舍1号楼')).toBeNull()
    // 联系电话 is pre-filled with the caller's phone.
    expect((screen.getByLabelText('联系电话') as HTMLInputElement).value).toBe('13812341234')
  })

  test('submitting the empty form names the category problem and files nothing', async () => {
    const { submitted } = renderForm()
    expect(screen.queryByRole('alert')).toBeNull()
    await tap(submitButton())
    // Each refused part says why beside it, the first one in the form's order is marked.
    expect(errorAt('category')).toBe('请选择报修类别')
    expect(errorAt('location')).toBe('请选择楼栋或填写具体位置')
    expect(errorAt('description')).toBe('请把问题描述清楚，至少 5 个字')
    expect(markedParts()).toEqual(expect.arrayContaining(['field-category', 'field-location', 'field-description']))
    for (const m of allFieldErrors()) expect(m).not.toMatch(/[a-zA-Z]{3,}/)
    expect(submitted).toHaveLength(0)

    // Fixing a field takes its message away; the others stay until they are fixed.
    await tap(screen.getByLabelText('类别 水'))
    expect(errorAt('category')).toBe('')
    expect(markedParts()).not.toContain('field-category')
    expect(errorAt('location')).toBe('请选择楼栋或填写具体位置')
    await tap(screen.getByText('第一教学楼'))
    expect(errorAt('location')).toBe('')
    await typeDescription('卫生间水龙头一直滴水')
    expect(allFieldErrors()).toEqual([])
    await tap(submitButton())
    expect(submitted).toHaveLength(1)
  })

  test('the first refused field is scrolled into view', async () => {
    mockPhone.scrolled = []
    renderForm()
    await tap(screen.getByLabelText('类别 水'))
    await tap(screen.getByText('第一教学楼'))
    await typeDescription('灯坏')
    await tap(submitButton())
    await act(async () => void (await new Promise((r) => setTimeout(r, 5))))
    expect(mockPhone.scrolled).toEqual(['#field-description'])
  })

  test('a refusal the server ties to a field lands beside that field', async () => {
    renderForm({
      onSubmit: async () => {
        throw Object.assign(new Error('报修位置：所选楼栋不在该校区'), { code: 'INVALID_INPUT', field: 'location.buildingId' })
      },
    })
    await tap(screen.getByLabelText('类别 水'))
    await tap(screen.getByText('第一教学楼'))
    await typeDescription('卫生间水龙头一直滴水')
    await tap(submitButton())
    expect(errorAt('location')).toBe('报修位置：所选楼栋不在该校区')
    expect(screen.queryByRole('alert')).toBeNull()
    await tap(screen.getByText('学生宿舍3号楼'))
    expect(errorAt('location')).toBe('')
  })

  test('without a building the location problem is shown', async () => {
    const { submitted } = renderForm()
    await tap(screen.getByLabelText('类别 水'))
    await typeDescription('卫生间水龙头一直滴水')
    await tap(submitButton())
    expect(errorAt('location')).toBe('请选择楼栋或填写具体位置')
    expect(submitted).toHaveLength(0)
  })

  test('a too-short description is refused with the schema’s message', async () => {
    const { submitted } = renderForm()
    await tap(screen.getByLabelText('类别 电'))
    await tap(screen.getByText('第一教学楼'))
    await typeDescription('灯坏')
    await tap(submitButton())
    expect(errorAt('description')).toBe('请把问题描述清楚，至少 5 个字')
    expect(submitted).toHaveLength(0)
  })

  test('a wrong phone number is refused', async () => {
    const { submitted } = renderForm()
    await tap(screen.getByLabelText('类别 电'))
    await tap(screen.getByText('第一教学楼'))
    await typeDescription('三楼走廊的灯不亮了')
    await typeInto('联系电话', '12345')
    await tap(submitButton())
    expect(errorAt('phone')).toContain('请填写正确的 11 位手机号')
    expect(submitted).toHaveLength(0)
    await typeInto('联系电话', '13900001111')
    expect(errorAt('phone')).toBe('')
  })

  test('the description counter follows what is typed', async () => {
    renderForm()
    expect(screen.getByText('0/500')).toBeTruthy()
    await typeDescription('水龙头漏水')
    expect(screen.getByText('5/500')).toBeTruthy()
    expect(screen.queryByText('0/500')).toBeNull()
  })

  test('a complete form is submitted once with the typed values and the photos', async () => {
    const camera = fakeCamera(2)
    const { submitted } = renderForm({ camera })
    await tap(screen.getByLabelText('类别 水'))
    await tap(screen.getByText('学生宿舍3号楼'))
    await typeInto('房间号', '  3 楼 302  ')
    await typeDescription('卫生间水龙头一直滴水')
    await typeInto('联系电话', '13900001111')
    await addPhotos()
    expect(screen.getByText('2/9')).toBeTruthy()

    await tap(submitButton())
    expect(screen.queryByRole('alert')).toBeNull()
    expect(submitted).toHaveLength(1)
    const [{ input, photos }] = submitted
    expect(input).toEqual({
      requestId: expect.stringMatching(/^[\w-]{8,64}$/),
      category: 'water',
      location: { campusId: 'campus-main', buildingId: 'bld-dorm-3', room: '3 楼 302' },
      description: '卫生间水龙头一直滴水',
      contactPhone: '13900001111',
    })
    expect(photos.map((p) => p.source)).toEqual(['wxfile://tmp/photo-1.jpg', 'wxfile://tmp/photo-2.jpg'])
  })

  test('a retried submit keeps the same request id, so the cloud cannot file the ticket twice', async () => {
    const seen: string[] = []
    let fail = true
    renderForm({
      onSubmit: async ({ input }) => {
        seen.push(input.requestId)
        if (fail) {
          fail = false
          throw new Error('网络不给力，请稍后重试')
        }
      },
    })
    await tap(screen.getByLabelText('类别 电'))
    await tap(screen.getByText('第一教学楼'))
    await typeDescription('三楼走廊的灯不亮了')
    await tap(submitButton())
    expect(errorShown()).toBe('网络不给力，请稍后重试')
    await tap(submitButton())
    expect(screen.queryByRole('alert')).toBeNull()
    expect(seen).toHaveLength(2)
    expect(seen[1]).toBe(seen[0])
  })

  test('while submitting the button says so and a second tap files nothing more', async () => {
    let finish!: () => void
    let calls = 0
    renderForm({
      onSubmit: () => {
        calls += 1
        return new Promise<void>((resolve) => (finish = resolve))
      },
    })
    await tap(screen.getByLabelText('类别 电'))
    await tap(screen.getByText('第一教学楼'))
    await typeDescription('三楼走廊的灯不亮了')
    await tap(submitButton())
    expect(screen.getByText('正在提交…')).toBeTruthy()
    await tap(screen.getByText('正在提交…'))
    expect(calls).toBe(1)
    await act(async () => finish())
    expect(screen.getByText('提交报修')).toBeTruthy()
  })

  test('switching campus shows its buildings and forgets the building chosen before', async () => {
    const { submitted } = renderForm()
    await tap(screen.getByLabelText('类别 水'))
    await tap(screen.getByText('第一教学楼'))
    expect(screen.getByText('第一教学楼').className).toContain('chip--on')
    await typeDescription('卫生间水龙头一直滴水')

    await tap(screen.getByText('东湖校区'))
    expect(screen.queryByText('第一教学楼')).toBeNull()
    expect(screen.getByText('东湖学生宿舍1号楼').className).not.toContain('chip--on')
    await tap(submitButton())
    expect(errorAt('location')).toBe('请选择楼栋或填写具体位置')
    expect(submitted).toHaveLength(0)

    // Back on the main campus, nothing is chosen either.
    await tap(screen.getByText('主校区'))
    expect(screen.getByText('第一教学楼').className).not.toContain('chip--on')
  })
})

describe('PhotoPicker inside the form', () => {
  const thumbnails = (container: HTMLElement) =>
    [...container.querySelectorAll('.nut-uploader-preview img')].map((img) => img.getAttribute('src'))

  test('adding photos compresses them, shows their thumbnails and the count', async () => {
    const camera = fakeCamera(1)
    const { container } = renderForm({ camera })
    expect(screen.getByText('0/9')).toBeTruthy()
    await addPhotos()
    await addPhotos()
    expect(thumbnails(container)).toEqual(['blob:fake-camera/photo-1', 'blob:fake-camera/photo-2'])
    expect(screen.getByText('2/9')).toBeTruthy()
    // The camera is only asked for as many as still fit, and every photo went through compression.
    expect(camera.calls).toEqual([9, 8])
    expect(camera.compressed).toEqual(['wxfile://tmp/photo-1.jpg', 'wxfile://tmp/photo-2.jpg'])
  })

  test('removing a photo takes exactly that one away', async () => {
    const camera = fakeCamera(3)
    const { container } = renderForm({ camera })
    await addPhotos()
    expect(screen.getByText('3/9')).toBeTruthy()
    await tap(removeButtons(container)[1])
    expect(thumbnails(container)).toEqual(['blob:fake-camera/photo-1', 'blob:fake-camera/photo-3'])
    expect(screen.getByText('2/9')).toBeTruthy()
    expect(removeButtons(container)).toHaveLength(2)
  })

  test('at 9 photos the 拍照/相册 tile goes away', async () => {
    const camera = fakeCamera(4)
    const { container } = renderForm({ camera })
    await addPhotos()
    await addPhotos()
    expect(screen.getByText('8/9')).toBeTruthy()
    await addPhotos()
    expect(camera.calls).toEqual([9, 5, 1])
    expect(thumbnails(container)).toHaveLength(9)
    expect(screen.getByText('9/9')).toBeTruthy()
    expect(screen.queryByText('拍照/相册')).toBeNull()
    // Removing one brings it back.
    await tap(removeButtons(container)[8])
    expect(screen.getByText('8/9')).toBeTruthy()
    expect(screen.getByText('拍照/相册')).toBeTruthy()
  })

  test('a photo that cannot be read shows a message and adds nothing', async () => {
    const camera = fakeCamera(1)
    const { container } = renderForm({
      camera,
      compress: async () => {
        throw new Error('decode failed')
      },
    })
    expect(screen.queryByRole('alert')).toBeNull()
    await addPhotos()
    expect(errorAt('photos')).toBe('无法读取照片，请重试')
    expect(thumbnails(container)).toEqual([])
    expect(screen.getByText('0/9')).toBeTruthy()
  })
})

describe('the draft survives a reload or an accidental back', () => {
  /** Let the draft be written (photos are read as data in H5 first). */
  const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 30))))
  const thumbnails = (container: HTMLElement) =>
    [...container.querySelectorAll('.nut-uploader-preview img')].map((img) => img.getAttribute('src'))

  async function fillEverything(camera: ReturnType<typeof fakeCamera>) {
    await tap(screen.getByLabelText('类别 水'))
    await tap(screen.getByText('学生宿舍3号楼'))
    await typeInto('房间号', '3 楼 302')
    await typeDescription('卫生间水龙头一直滴水')
    await typeInto('联系电话', '13900001111')
    await tap(screen.getByText('明天下午'))
    mockPhone.camera = camera
    await addPhotos()
    await settle()
  }

  test('WeChat: everything typed and the photos (temp paths) come back when the form opens again', async () => {
    const camera = fakeCamera(2)
    const first = renderForm({ camera })
    await fillEverything(camera)
    first.unmount()

    const submitted: TicketDraft[] = []
    const { container } = render(<TicketForm options={formOptions} onSubmit={async (d) => void submitted.push(d)} />)
    expect(screen.getByRole('status').textContent).toBe('已恢复上次未提交的内容')
    expect(screen.getByLabelText('类别 水').className).toContain('chip--on')
    expect(screen.getByText('学生宿舍3号楼').className).toContain('chip--on')
    expect((screen.getByLabelText('房间号') as HTMLInputElement).value).toBe('3 楼 302')
    expect(screen.getByText('10/500')).toBeTruthy()
    expect((screen.getByLabelText('联系电话') as HTMLInputElement).value).toBe('13900001111')
    expect(screen.getByText('明天下午').className).toContain('chip--on')
    expect(thumbnails(container)).toEqual(['wxfile://tmp/photo-1.jpg', 'wxfile://tmp/photo-2.jpg'])

    // Filed: the draft is gone, and the next form opens empty.
    await tap(submitButton())
    expect(submitted).toHaveLength(1)
    expect(submitted[0].photos.map((p) => p.source)).toEqual(['wxfile://tmp/photo-1.jpg', 'wxfile://tmp/photo-2.jpg'])
    expect(submitted[0].input).toMatchObject({ category: 'water', description: '卫生间水龙头一直滴水', contactPhone: '13900001111' })
    cleanup()
    renderForm()
    expect(screen.queryByRole('status')).toBeNull()
    expect(screen.getByLabelText('类别 水').className).not.toContain('chip--on')
    expect(screen.getByText('0/500')).toBeTruthy()
  })

  test('a retry after a reload files with the same request id (the cloud answers with the first ticket)', async () => {
    const ids: string[] = []
    const first = renderForm({
      onSubmit: async ({ input }) => {
        ids.push(input.requestId)
        throw new Error('网络不给力，请稍后重试')
      },
    })
    await tap(screen.getByLabelText('类别 电'))
    await tap(screen.getByText('第一教学楼'))
    await typeDescription('三楼走廊的灯不亮了')
    await settle()
    await tap(submitButton())
    first.unmount()
    renderForm({ onSubmit: async ({ input }) => void ids.push(input.requestId) })
    await tap(submitButton())
    expect(ids).toHaveLength(2)
    expect(ids[1]).toBe(ids[0])
  })

  test('a photo WeChat cleaned up meanwhile is left out, and the form says so', async () => {
    const camera = fakeCamera(2)
    const first = renderForm({ camera })
    await fillEverything(camera)
    first.unmount()
    mockPhone.goneFiles.add('wxfile://tmp/photo-1.jpg')
    const { container } = render(<TicketForm options={formOptions} onSubmit={async () => undefined} />)
    expect(screen.getByRole('status').textContent).toBe('已恢复上次未提交的内容，1 张照片已失效，请重新添加')
    expect(thumbnails(container)).toEqual(['wxfile://tmp/photo-2.jpg'])
  })

  test('H5: a photo is kept as its bytes (a blob: URL dies with the page) and uploads as a Blob again', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9])
    const compress: Compress = async (files) => files.map(() => ({ preview: 'blob:http://localhost/1', source: new Blob([bytes], { type: 'image/jpeg' }) }))
    const camera = fakeCamera(1)
    const first = renderForm({ camera, compress })
    await fillEverything(camera)
    first.unmount()

    const submitted: TicketDraft[] = []
    const { container } = render(<TicketForm options={formOptions} onSubmit={async (d) => void submitted.push(d)} />)
    expect(thumbnails(container)).toEqual([expect.stringMatching(/^data:image\/jpeg;base64,/)])
    await tap(submitButton())
    const source = submitted[0].photos[0].source as Blob
    expect(source).toBeInstanceOf(Blob)
    const read = await new Promise<ArrayBuffer>((resolve) => {
      const reader = new FileReader()
      reader.onload = () => resolve(reader.result as ArrayBuffer)
      reader.readAsArrayBuffer(source)
    })
    expect(new Uint8Array(read)).toEqual(bytes)
  })

  test('a draft older than three days is dropped', async () => {
    const first = renderForm()
    await tap(screen.getByLabelText('类别 水'))
    await typeDescription('卫生间水龙头一直滴水')
    await settle()
    first.unmount()
    const stored = JSON.parse(localStorage.getItem('ticketDraft.v1') ?? 'null')
    expect(stored).not.toBeNull()
    const now = Date.now()
    const spy = jest.spyOn(Date, 'now').mockReturnValue(now + 4 * 86_400_000)
    renderForm()
    spy.mockRestore()
    expect(screen.queryByRole('status')).toBeNull()
    expect(screen.getByText('0/500')).toBeTruthy()
    expect(localStorage.getItem('ticketDraft.v1')).toBeNull()
  })
})

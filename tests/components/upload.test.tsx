import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { checkOwnPhotos } from '../../cloudfunctions/core/tickets'
import { call } from '../../src/services/cloud'
import { forgetProfile } from '../../src/services/profile'
import { uploadPhoto } from '../../src/services/photos'

// Who the app thinks it is: 我的's profile, as the me function answers it.
jest.mock('../../src/services/cloud', () => {
  const real = jest.requireActual<typeof import('../../src/services/cloud')>('../../src/services/cloud')
  return { ...real, __esModule: true, call: jest.fn() }
})
const callMock = jest.mocked(call) as unknown as ReturnType<typeof jest.fn<(api: unknown, action: string) => Promise<unknown>>>

const ME = 'user-student-1'
let uploads: string[]

beforeEach(() => {
  forgetProfile()
  callMock.mockImplementation(async (_api, action) => {
    if (action === 'profile') return { id: ME, name: '张同学', title: '', roles: ['reporter'], phone: '', crewName: null, orgName: '', onDuty: null }
    throw new Error(`unexpected call ${action}`)
  })
  uploads = []
  // The local cloud's H5 upload: it stores the file where the app says and answers its file ID.
  global.fetch = jest.fn(async (url: string | URL | Request) => {
    const cloudPath = new URL(String(url), 'http://localhost').searchParams.get('cloudPath')!
    uploads.push(cloudPath)
    return new Response(JSON.stringify({ ok: true, data: { fileID: `cloud://local-dev.bucket/${cloudPath}` } }))
  }) as typeof fetch
})
afterEach(() => {
  callMock.mockReset()
})

describe('uploading a repair photo (defect 1)', () => {
  test('puts it in the uploader’s own folder, which the functions accept as theirs', async () => {
    const fileID = await uploadPhoto({ preview: 'blob:x', source: new Blob(['jpeg']) })

    expect(uploads).toHaveLength(1)
    expect(uploads[0]).toMatch(new RegExp(`^tickets/${ME}/\\d{6}/[\\w]+\\.jpg$`))
    expect(checkOwnPhotos([fileID], 'local-dev', ME)).toEqual({ ok: true, value: null })
    // …and only theirs.
    expect(checkOwnPhotos([fileID], 'local-dev', 'user-student-2')).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})

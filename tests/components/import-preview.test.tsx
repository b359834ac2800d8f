import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, test } from '@jest/globals'
import { PreviewCard } from '../../src/packages/admin/import/PreviewCard'
import type { ImportPreview, ImportResult } from '../../types/imports'

const WITH_BAD: ImportPreview = {
  importId: 'imp1',
  kind: 'people',
  fileName: '2026级新生.xlsx',
  total: 2000,
  bad: [
    { row: 12, reasons: ['手机号格式不正确', '身份只能是学生、教师或职工'] },
    { row: 402, reasons: ['姓名未填写'] },
  ],
  willCreate: 1990,
  willUpdate: 5,
  unchanged: 3,
}
const CLEAN: ImportPreview = { ...WITH_BAD, bad: [] }

function importButton() {
  return screen.getByLabelText('导入') as HTMLElement
}

describe('导入名单: the preview', () => {
  test('lists every bad row with its reasons and keeps 导入 disabled', () => {
    const onApply = jest.fn()
    render(<PreviewCard preview={WITH_BAD} result={null} applying={false} onApply={onApply} />)
    expect(screen.getByText('共 2000 行')).toBeTruthy()
    expect(screen.getByText('有 2 行需要修改，改好后重新选择文件：')).toBeTruthy()
    expect(screen.getByText('第 12 行：手机号格式不正确；身份只能是学生、教师或职工')).toBeTruthy()
    expect(screen.getByText('第 402 行：姓名未填写')).toBeTruthy()
    expect(screen.getByText('有错误行，不能导入')).toBeTruthy()
    fireEvent.click(importButton())
    expect(onApply).not.toHaveBeenCalled()
  })

  test('a clean sheet shows what it will do and imports on tap, then shows progress and the result', () => {
    const onApply = jest.fn()
    const { rerender } = render(<PreviewCard preview={CLEAN} result={null} applying={false} onApply={onApply} />)
    expect(screen.getByText('将新建 1990 条、更新 5 条、不变 3 条')).toBeTruthy()
    expect(screen.queryByLabelText('错误行')).toBeNull()
    fireEvent.click(importButton())
    expect(onApply).toHaveBeenCalledTimes(1)

    const half: ImportResult = { importId: 'imp1', applied: 1000, total: 2000, created: 995, updated: 2, unchanged: 3, done: false }
    rerender(<PreviewCard preview={CLEAN} result={half} applying onApply={onApply} />)
    expect(screen.getByLabelText('导入进度').textContent).toContain('1000 / 2000 行')

    rerender(<PreviewCard preview={CLEAN} result={{ ...half, applied: 2000, created: 1990, updated: 5, done: true }} applying={false} onApply={onApply} />)
    expect(screen.getByLabelText('导入结果').textContent).toBe('导入完成：新建 1990 条、更新 5 条、不变 3 条')
    expect(screen.queryByLabelText('导入')).toBeNull()
  })
})

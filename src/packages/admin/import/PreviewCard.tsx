import { Text, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import type { ImportPreview, ImportResult } from '../../../../types/imports'

/** 「第 12 行：手机号格式不正确；身份只能是学生、教师或职工」 */
export function badRowText(b: { row: number; reasons: string[] }): string {
  return `第 ${b.row} 行：${b.reasons.join('；')}`
}

export interface PreviewCardProps {
  preview: ImportPreview
  /** While applying or once done: what apply answered last. */
  result: ImportResult | null
  applying: boolean
  onApply(): void
}

/** What a preview found: counts, every bad row with its reasons, and 导入 (only when no row is bad). */
export function PreviewCard({ preview, result, applying, onApply }: PreviewCardProps) {
  const bad = preview.bad
  const done = result?.done ?? false
  return (
    <View className='card import-preview' aria-label='预览结果'>
      <View className='card-title'>{preview.fileName}</View>
      <Text className='import-preview__line'>共 {preview.total} 行</Text>
      <Text className='import-preview__line'>
        将新建 {preview.willCreate} 条、更新 {preview.willUpdate} 条、不变 {preview.unchanged} 条
      </Text>
      {bad.length > 0 ? (
        <View className='import-preview__bad' aria-label='错误行'>
          <Text className='error-text'>有 {bad.length} 行需要修改，改好后重新选择文件：</Text>
          {bad.map((b) => (
            <Text key={b.row} className='import-preview__bad-row'>
              {badRowText(b)}
            </Text>
          ))}
        </View>
      ) : (
        <Text className='muted'>没有错误行。导入会按学号工号、楼栋编码、班组名称对应，同一文件导入两次不会重复。</Text>
      )}
      {result && !done && (
        <Text className='import-preview__line' aria-label='导入进度'>
          正在导入… {result.applied} / {result.total} 行
        </Text>
      )}
      {done && result && (
        <Text className='import-preview__done' aria-label='导入结果'>
          导入完成：新建 {result.created} 条、更新 {result.updated} 条、不变 {result.unchanged} 条
        </Text>
      )}
      {!done && (
        <Button block type='primary' size='large' disabled={bad.length > 0 || applying} loading={applying} onClick={onApply} aria-label='导入'>
          {bad.length > 0 ? '有错误行，不能导入' : applying ? '正在导入…' : '导入'}
        </Button>
      )}
    </View>
  )
}

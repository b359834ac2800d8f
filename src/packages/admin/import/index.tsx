import { Text, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import { useState } from 'react'
import { IMPORT_KIND_LABELS, IMPORT_KINDS, importsApi, type ImportKind, type ImportPreview, type ImportResult } from '../../../../types/imports'
import { call, errorMessage } from '../../../services/cloud'
import { fetchAndOpen } from '../../../services/openExport'
import { useSignedIn } from '../../../services/session'
import { PreviewCard } from './PreviewCard'
import { pickSheet, PickError, uploadSheet } from './upload'
import './index.scss'

/** The columns of each kind, as the template's header has them (选填 ones marked). */
const COLUMNS: Record<ImportKind, string> = {
  people: '姓名、身份（学生/教师/职工）、学号或工号、院系或部门、手机号（选填）',
  places: '校区、楼栋编码、楼栋名称、类型、层数、楼层、房间号（每个房间一行；只建楼栋的行楼层和房间号留空）',
  crews: '班组名称、类型（自有/外包）、负责类别、负责校区、工号、姓名、手机号、班组长（是/否）（每个成员一行）',
}

type Stage = { step: 'idle' } | { step: 'reading'; what: string } | { step: 'failed'; message: string } | { step: 'previewed'; preview: ImportPreview }

export default function ImportPage() {
  useSignedIn()
  const [kind, setKind] = useState<ImportKind>('people')
  const [stage, setStage] = useState<Stage>({ step: 'idle' })
  const [result, setResult] = useState<ImportResult | null>(null)
  const [applying, setApplying] = useState(false)
  const [applyError, setApplyError] = useState('')

  const choose = (k: ImportKind) => {
    if (applying) return
    setKind(k)
    setStage({ step: 'idle' })
    setResult(null)
    setApplyError('')
  }

  const template = () =>
    fetchAndOpen(async () => ({ ...(await call(importsApi, 'template', { kind }, { timeoutMs: 30_000, retries: 1 })), format: 'xlsx' as const }), '正在生成模板…', () => '模板已下载')

  const pickAndPreview = async () => {
    let sheet
    try {
      sheet = await pickSheet()
    } catch (err) {
      setStage({ step: 'failed', message: err instanceof PickError ? err.message : '无法打开文件，请重试' })
      return
    }
    if (!sheet) return
    setResult(null)
    setApplyError('')
    setStage({ step: 'reading', what: `正在上传 ${sheet.name}…` })
    try {
      const fileId = await uploadSheet(sheet)
      setStage({ step: 'reading', what: `正在检查 ${sheet.name}…` })
      const preview = await call(importsApi, 'preview', { kind, fileId, fileName: sheet.name.slice(0, 100) }, { timeoutMs: 60_000 })
      setStage({ step: 'previewed', preview })
    } catch (err) {
      setStage({ step: 'failed', message: err instanceof Error && !('code' in err) ? err.message : errorMessage(err) })
    }
  }

  const apply = async (importId: string) => {
    setApplying(true)
    setApplyError('')
    try {
      // Each call writes one batch; calling again after a dropped answer is safe (idempotent by natural key).
      for (;;) {
        const r = await call(importsApi, 'apply', { importId }, { timeoutMs: 60_000, retries: 2 })
        setResult(r)
        if (r.done) break
      }
    } catch (err) {
      setApplyError(`${errorMessage(err)}（已导入的部分不会重复，可再次点「导入」继续）`)
    } finally {
      setApplying(false)
    }
  }

  return (
    <View className='page import-page'>
      <View className='card'>
        <View className='card-title'>导入什么</View>
        <View className='import-page__chips' role='radiogroup' aria-label='导入内容'>
          {IMPORT_KINDS.map((k) => (
            <View
              key={k}
              role='radio'
              aria-checked={k === kind}
              aria-label={IMPORT_KIND_LABELS[k]}
              className={`import-page__chip${k === kind ? ' import-page__chip--on' : ''}`}
              onClick={() => choose(k)}
            >
              {IMPORT_KIND_LABELS[k]}
            </View>
          ))}
        </View>
        <Text className='muted import-page__columns'>表头：{COLUMNS[kind]}</Text>
        <View className='import-page__buttons'>
          <Button block size='large' onClick={template} aria-label='下载模板'>
            下载模板
          </Button>
          <Button block type='primary' size='large' disabled={applying || stage.step === 'reading'} onClick={pickAndPreview} aria-label='选择文件'>
            选择文件（xlsx 或 csv）
          </Button>
        </View>
        {process.env.TARO_ENV !== 'h5' && <Text className='muted'>在电脑上把表格发到自己的微信（文件传输助手），再在这里选择。</Text>}
      </View>

      {stage.step === 'reading' && <View className='card muted'>{stage.what}</View>}
      {stage.step === 'failed' && (
        <View className='card'>
          <Text className='error-text' aria-live='assertive'>
            {stage.message}
          </Text>
          <Button block size='large' onClick={pickAndPreview} aria-label='重新选择文件'>
            重新选择文件
          </Button>
        </View>
      )}
      {stage.step === 'previewed' && (
        <PreviewCard preview={stage.preview} result={result} applying={applying} onApply={() => apply(stage.preview.importId)} />
      )}
      {applyError && (
        <Text className='error-text' aria-live='assertive'>
          {applyError}
        </Text>
      )}
    </View>
  )
}

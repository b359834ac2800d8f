import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Button from '@nutui/nutui-react-taro/dist/es/packages/button'
import Switch from '@nutui/nutui-react-taro/dist/es/packages/switch'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css'
import type { InputOf, OutputOf } from '../../types/api'
import { DEFAULT_CATEGORIES, SEVERITIES, SEVERITY_LABELS, type Severity } from '../../types/catalog'
import type { standardsApi, StandardView } from '../../types/standard'
import { HOLD_REASON_LABELS, HOLD_REASONS } from '../../types/tickets'
import { describeChanges, type StandardChange, type StandardNames } from '../../types/standardDiff'
import { CallError, errorMessage } from '../services/cloud'
import { fieldId, useFieldErrors, type FieldErrors } from '../services/fieldErrors'
import { formatDateTime } from '../services/format'
import {
  checkDraft, draftOf, fieldOf, FIELD_ORDER, newRouteKey, normalizeClock, parseHolidays,
  type ClassDraft, type RouteDraft, type StandardDraft,
} from '../services/standardDraft'
import { FieldError } from './FieldError'
import { LoadFailed } from './LoadFailed'
import './StandardForm.scss'

type SaveInput = InputOf<typeof standardsApi, 'save'>
type Versions = OutputOf<typeof standardsApi, 'history'>

/** The standards function as the editor uses it (the page passes `call(standardsApi, …)`). */
export interface StandardApi {
  current(): Promise<StandardView>
  history(): Promise<Versions>
  save(input: SaveInput): Promise<StandardView & { saved: boolean }>
}

/** The refused fields of the editor, read by each field (keyed by standardDraft's fieldOf) and cleared when it is edited. */
const Errors = createContext<{ errors: FieldErrors; clear(path: string): void }>({ errors: {}, clear: () => undefined })

/** The field's message and whether its box is marked. */
function useFieldError(path: string | undefined) {
  const { errors, clear } = useContext(Errors)
  const message = path ? errors[path] : undefined
  return { message, mark: message ? 'field--error' : '', clear: () => path && clear(path) }
}

/** The ids of the crews, campuses and buildings the editor offers, by name: a change reads 「水 · 主校区 → 管道维修班组」. */
const namesOf = (v: StandardView): StandardNames => ({
  crews: new Map(v.crews.map((c) => [c.id, c.name])),
  campuses: new Map(v.campuses.map((c) => [c.id, c.name])),
  buildings: new Map(v.campuses.flatMap((c) => c.buildings.map((b) => [b.id, b.name] as const))),
})

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']
const NOTE_MAX = 200

/** Version 1 is the built-in default, saved by nobody at no time. */
const savedAt = (iso: string) => (Date.parse(iso) > 0 ? formatDateTime(iso) : '')

/** A labelled row; with a `path`, its refused message sits right under it and the page scrolls to it by id. */
function Row({ label, hint, path, children }: { label: string; hint?: string; path?: string; children: ReactNode }) {
  const { message } = useFieldError(path)
  return (
    <View id={path ? fieldId(path) : undefined}>
      <View className='std-row'>
        <View className='std-row__label'>
          <Text>{label}</Text>
          {hint && <Text className='muted std-row__hint'>{hint}</Text>}
        </View>
        <View className='std-row__control'>{children}</View>
      </View>
      <FieldError message={message} />
    </View>
  )
}

interface FieldProps {
  label: string
  /** What a screen reader (and a test) calls the field: the class in front, 小修 当日截止受理时间. */
  aria: string
  value: string
  onChange(v: string): void
  disabled: boolean
  hint?: string
  /** The field's path for its error (standardDraft's fieldOf). */
  path?: string
}

function NumberField({ unit, decimal, ...p }: FieldProps & { unit: string; decimal?: boolean }) {
  const fe = useFieldError(p.path)
  return (
    <Row label={p.label} hint={p.hint} path={p.path}>
      <Input
        className={`std-input ${fe.mark}`}
        type={decimal ? 'digit' : 'number'}
        value={p.value}
        maxlength={6}
        disabled={p.disabled}
        onInput={(e) => {
          fe.clear()
          p.onChange(e.detail.value)
        }}
        aria-label={p.aria}
      />
      <Text className='std-row__unit'>{unit}</Text>
    </Row>
  )
}

function TimeField(p: FieldProps) {
  const fe = useFieldError(p.path)
  return (
    <Row label={p.label} hint={p.hint} path={p.path}>
      <Input
        className={`std-input ${fe.mark}`}
        value={p.value}
        placeholder='18:00'
        maxlength={5}
        disabled={p.disabled}
        onInput={(e) => {
          fe.clear()
          p.onChange(e.detail.value)
        }}
        // 1800 or 18：00 from a Chinese keyboard reads as 18:00 once the finger leaves the field.
        onBlur={(e) => p.onChange(normalizeClock(e.detail.value))}
        aria-label={p.aria}
      />
    </Row>
  )
}

/** A choice from a list, as one tall field that opens the phone's picker. */
function PickField({ caption, label, options, index, placeholder, disabled, onPick }: {
  caption: string
  label: string
  options: string[]
  index: number
  placeholder: string
  disabled: boolean
  onPick(i: number): void
}) {
  return (
    <Picker
      className='std-pick'
      mode='selector'
      range={options}
      value={Math.max(0, index)}
      disabled={disabled}
      onChange={(e) => onPick(Number(e.detail.value))}
    >
      <View className={`std-pick__field ${index < 0 ? 'std-pick__field--empty' : ''}`}>
        <Text className='std-pick__caption'>{caption}</Text>
        <Text className='std-pick__value' aria-label={label}>{index >= 0 ? options[index] : placeholder}</Text>
      </View>
    </Picker>
  )
}

interface ClassProps {
  severity: Severity
  c: ClassDraft
  disabled: boolean
  onChange(c: ClassDraft): void
}

/** One severity class: its numbers and times, under the rule it has (the kind is not editable). */
function ClassEditor({ severity, c, disabled, onChange }: ClassProps) {
  const name = SEVERITY_LABELS[severity]
  const a = c.arrival
  const r = c.resolve
  const field = (label: string, value: string, set: (v: string) => void, path: string) => ({
    label, value, disabled, aria: `${name} ${label}`, onChange: set, path: `classes.${severity}.${path}`,
  })
  return (
    <View className='std-class'>
      <View className='std-class__name'>{name}</View>
      <NumberField {...field('派工接单时限', c.firstResponse, (v) => onChange({ ...c, firstResponse: v }), 'firstResponse.minutes')} unit='分钟' />
      <Row label='按工作时间计' hint={c.workingHoursOnly ? '下班和节假日不计时' : '全天计时'}>
        <Switch
          checked={c.workingHoursOnly}
          disabled={disabled}
          onChange={(v) => onChange({ ...c, workingHoursOnly: v })}
          aria-label={`${name} 按工作时间计`}
        />
      </Row>
      {a?.kind === 'minutes' && (
        <>
          <NumberField {...field('校内到场', a.onCampus, (v) => onChange({ ...c, arrival: { ...a, onCampus: v } }), 'arrival.onCampus')} unit='分钟' />
          <NumberField {...field('校外到场', a.offsite, (v) => onChange({ ...c, arrival: { ...a, offsite: v } }), 'arrival.offsite')} unit='分钟' />
        </>
      )}
      {a?.kind === 'appointment' && <Row label='到场时限'><Text className='std-fixed'>按约定时间</Text></Row>}
      {r?.kind === 'sameDay' && (
        <>
          <View className='muted std-class__rule'>当日完成（不过夜）：截止受理时间前的报修当天完成，之后的次日完成</View>
          <TimeField {...field('当日截止受理时间', r.cutoff, (v) => onChange({ ...c, resolve: { ...r, cutoff: v } }), 'resolve.cutoff')} />
          <TimeField {...field('当天完成时间', r.endOfDay, (v) => onChange({ ...c, resolve: { ...r, endOfDay: v } }), 'resolve.endOfDay')} />
          <TimeField {...field('次日完成时间', r.nextDayBy, (v) => onChange({ ...c, resolve: { ...r, nextDayBy: v } }), 'resolve.nextDayBy')} />
        </>
      )}
      {r?.kind === 'hours' && (
        <NumberField {...field('完成时限', r.hours, (v) => onChange({ ...c, resolve: { ...r, hours: v } }), 'resolve.hours')} unit='小时' decimal />
      )}
      {r?.kind === 'planned' && (
        <Row label='完成时限' hint='派工时由调度员设定'><Text className='std-fixed'>按计划日期</Text></Row>
      )}
    </View>
  )
}

interface RoutesProps {
  routes: RouteDraft[]
  view: StandardView
  disabled: boolean
  onChange(routes: RouteDraft[]): void
}

/** 分派规则: 类别 × 校区 × 楼宇 → 班组, one row each. */
function RoutesEditor({ routes, view, disabled, onChange }: RoutesProps) {
  const { errors, clear } = useContext(Errors)
  const allBuildings = view.campuses.flatMap((c) => c.buildings.map((b) => ({ ...b, campusId: c.id, label: `${c.name} · ${b.name}` })))
  const set = (i: number, patch: Partial<RouteDraft>) => {
    clear(`routes.${i}`)
    onChange(routes.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  }
  // Rows below a deleted one move up: their messages would sit on the wrong rule, so they go.
  const remove = (i: number) => {
    routes.forEach((_, j) => j >= i && clear(`routes.${j}`))
    onChange(routes.filter((_, j) => j !== i))
  }
  return (
    <View>
      {routes.length === 0 && <View className='muted std-routes__none'>没有分派规则：报修按各班组负责的类别和校区派工。</View>}
      {routes.map((r, i) => {
        const row = `分派规则第 ${i + 1} 条`
        const campus = view.campuses.find((c) => c.id === r.campusId)
        // Without a campus every building is offered; choosing one fills in its campus.
        const buildings = campus ? campus.buildings.map((b) => ({ ...b, campusId: campus.id, label: b.name })) : allBuildings
        const crew = view.crews.findIndex((c) => c.id === r.crewId)
        return (
          <View key={r.key} id={fieldId(`routes.${i}`)} className={`std-route ${errors[`routes.${i}`] ? 'field--error' : ''}`}>
            <View className='std-route__head'>
              <Text className='std-route__no'>第 {i + 1} 条</Text>
              {!disabled && (
                <View className='std-route__delete' onClick={() => remove(i)} aria-label={`删除${row}`}>
                  删除
                </View>
              )}
            </View>
            <View className='std-route__grid'>
              <PickField
                caption='类别'
                label={`${row} 类别`}
                options={DEFAULT_CATEGORIES.map((c) => c.name)}
                index={DEFAULT_CATEGORIES.findIndex((c) => c.code === r.category)}
                placeholder='请选择类别'
                disabled={disabled}
                onPick={(k) => set(i, { category: DEFAULT_CATEGORIES[k].code })}
              />
              <PickField
                caption='校区'
                label={`${row} 校区`}
                options={['不限校区', ...view.campuses.map((c) => c.name)]}
                index={r.campusId ? view.campuses.findIndex((c) => c.id === r.campusId) + 1 : 0}
                placeholder='不限校区'
                disabled={disabled}
                onPick={(k) => {
                  const next = view.campuses[k - 1]
                  const keepBuilding = next?.buildings.some((b) => b.id === r.buildingId)
                  set(i, { campusId: next?.id ?? '', buildingId: keepBuilding ? r.buildingId : '' })
                }}
              />
              <PickField
                caption='楼宇'
                label={`${row} 楼宇`}
                options={['不限楼宇', ...buildings.map((b) => b.label)]}
                index={r.buildingId ? buildings.findIndex((b) => b.id === r.buildingId) + 1 : 0}
                placeholder='未知楼宇'
                disabled={disabled}
                onPick={(k) => {
                  const b = buildings[k - 1]
                  set(i, b ? { buildingId: b.id, campusId: b.campusId } : { buildingId: '' })
                }}
              />
              <PickField
                caption='→ 派给班组'
                label={`${row} 班组`}
                options={view.crews.map((c) => (c.kind === 'contractor' ? `${c.name}（外包）` : c.name))}
                index={crew}
                placeholder={r.crewId ? '未知班组' : '请选择班组'}
                disabled={disabled}
                onPick={(k) => set(i, { crewId: view.crews[k]?.id ?? '' })}
              />
            </View>
            <FieldError message={errors[`routes.${i}`]} />
          </View>
        )
      })}
      {!disabled && (
        <Button
          fill='outline'
          type='primary'
          block
          onClick={() => onChange([...routes, { key: newRouteKey(), category: DEFAULT_CATEGORIES[0].code, campusId: '', buildingId: '', crewId: '' }])}
        >
          添加规则
        </Button>
      )}
    </View>
  )
}

const NO_CHANGE = '没有改动，未生成新版本'

/** A line of text (服务热线, 接听时间), full width under its label. */
function TextField(p: { label: string; path: string; value: string; placeholder: string; maxlength: number; disabled: boolean; onChange(v: string): void }) {
  const fe = useFieldError(p.path)
  return (
    <View id={fieldId(p.path)} className='std-text'>
      <Text className='std-text__label'>{p.label}</Text>
      <Input
        className={`std-input std-input--wide ${fe.mark}`}
        value={p.value}
        placeholder={p.placeholder}
        maxlength={p.maxlength}
        disabled={p.disabled}
        onInput={(e) => {
          fe.clear()
          p.onChange(e.detail.value)
        }}
        aria-label={p.label}
      />
      <FieldError message={fe.message} />
    </View>
  )
}

interface Props {
  api: StandardApi
  /** Only the admin saves; dispatchers read. */
  canSave: boolean
}

/** 服务标准: the current version, its editor and the versions before it. */
export function StandardEditor({ api, canSave }: Props) {
  const [view, setView] = useState<StandardView | null>(null)
  const [draft, setDraft] = useState<StandardDraft | null>(null)
  const [note, setNote] = useState('')
  const [loadError, setLoadError] = useState('')
  const [versions, setVersions] = useState<Versions['versions'] | null>(null)
  const [historyError, setHistoryError] = useState('')
  const [error, setError] = useState('')
  const [conflict, setConflict] = useState(false)
  const [saved, setSaved] = useState('')
  const [busy, setBusy] = useState(false)
  /** A change to the promised times waits here for 确认保存. */
  const [confirming, setConfirming] = useState<{ input: SaveInput; changes: StandardChange[] } | null>(null)
  const fe = useFieldErrors(FIELD_ORDER)
  const errorsCtx = useMemo(() => ({ errors: fe.errors, clear: fe.clear }), [fe.errors, fe.clear])

  const show = (v: StandardView) => {
    setView(v)
    setDraft(draftOf(v.standard))
    setNote('')
    setError('')
    setConflict(false)
    fe.reset()
  }

  const loadHistory = useCallback(() => {
    api.history().then(
      (h) => {
        setVersions(h.versions)
        setHistoryError('')
      },
      (e) => setHistoryError(errorMessage(e)),
    )
  }, [api])

  const load = useCallback(() => {
    setLoadError('')
    setSaved('')
    api.current().then(show, (e) => setLoadError(errorMessage(e)))
    loadHistory()
  }, [api, loadHistory])

  useEffect(load, [load])

  if (!view || !draft) {
    return loadError ? <LoadFailed message={loadError} onRetry={load} /> : <View className='empty'>加载中…</View>
  }

  const readOnly = !canSave
  const edit = (next: StandardDraft) => {
    setDraft(next)
    setSaved('')
  }
  const holidays = parseHolidays(draft.holidays)

  const send = async (input: SaveInput) => {
    setConfirming(null)
    setBusy(true)
    try {
      const next = await api.save(input)
      if (!next.saved) {
        setSaved(NO_CHANGE)
        return
      }
      show(next)
      setSaved(`已保存为第 ${next.version} 版，新报修按新标准计时；已登记的工单仍按原版本`)
      loadHistory()
    } catch (err) {
      // A refusal the server tied to a field lands there ('standard.routes.1.crewId' → the rule's row).
      if (err instanceof CallError && err.field) fe.show({ [fieldOf(err.field)]: err.message })
      else setError(errorMessage(err))
      setConflict(err instanceof CallError && err.code === 'CONFLICT')
    } finally {
      setBusy(false)
    }
  }

  const save = () => {
    if (busy) return
    setError('')
    setConflict(false)
    const checked = checkDraft(draft)
    if (!checked.ok) {
      fe.show(checked.errors)
      setError('有内容需要修改，请看标红的项')
      return
    }
    fe.reset()
    const changes = describeChanges(view.standard, checked.standard, namesOf(view))
    // Nothing differs: no new version (the server would answer the same), and the user is told so.
    if (!changes.length) {
      setSaved(NO_CHANGE)
      return
    }
    const input = { baseVersion: view.version, standard: checked.standard, note: note.trim() }
    // A promise people are given moves: say what changes and ask first. Rules and the hotline alone save at once.
    if (changes.some((c) => c.times)) setConfirming({ input, changes })
    else void send(input)
  }

  const classes = draft.classes
  return (
    <Errors.Provider value={errorsCtx}>
    <View className='std'>
      <View className='card'>
        <View className='card-title'>当前第 {view.version} 版</View>
        <View className='std-meta'>
          <Text className='muted'>保存人</Text>
          <Text>{view.createdByName}</Text>
        </View>
        {savedAt(view.createdAt) && (
          <View className='std-meta'>
            <Text className='muted'>保存时间</Text>
            <Text>{savedAt(view.createdAt)}</Text>
          </View>
        )}
        <View className='std-meta'>
          <Text className='muted'>修改说明</Text>
          <Text>{view.note || '无'}</Text>
        </View>
        {readOnly && <View className='muted std-readonly'>仅后勤管理员可以修改服务标准</View>}
      </View>

      <View className='card'>
        <View className='card-title'>时限</View>
        {SEVERITIES.map((s) => (
          <ClassEditor
            key={s}
            severity={s}
            c={classes[s]}
            disabled={readOnly}
            onChange={(c) => edit({ ...draft, classes: { ...classes, [s]: c } })}
          />
        ))}
      </View>

      <View className='card'>
        <View className='card-title'>工作时间</View>
        <TimeField label='上班时间' aria='上班时间' path='workingHours.start' value={draft.workStart} disabled={readOnly} onChange={(v) => edit({ ...draft, workStart: v })} />
        <TimeField label='下班时间' aria='下班时间' path='workingHours.end' value={draft.workEnd} disabled={readOnly} onChange={(v) => edit({ ...draft, workEnd: v })} />
        <View id={fieldId('workingHours.weekdays')}>
        <View className='std-sub'>工作日</View>
        <View className='std-chips'>
          {WEEKDAYS.map((label, i) => {
            const day = i + 1
            const on = draft.weekdays.includes(day)
            return (
              <View
                key={day}
                className={`std-chip ${on ? 'std-chip--on' : ''}`}
                aria-label={`工作日 ${label}`}
                aria-pressed={on}
                onClick={() => {
                  if (readOnly) return
                  fe.clear('workingHours.weekdays')
                  edit({ ...draft, weekdays: on ? draft.weekdays.filter((d) => d !== day) : [...draft.weekdays, day] })
                }}
              >
                {label}
              </View>
            )
          })}
        </View>
        <FieldError message={fe.errors['workingHours.weekdays']} />
        </View>
        <View className='std-sub'>暂停计时</View>
        <View className='muted'>工单因以下原因暂停时，时限不计时</View>
        <View className='std-chips'>
          {HOLD_REASONS.map((reason) => {
            const on = draft.pauseOn.includes(reason)
            return (
              <View
                key={reason}
                className={`std-chip ${on ? 'std-chip--on' : ''}`}
                aria-label={`暂停计时 ${HOLD_REASON_LABELS[reason]}`}
                aria-pressed={on}
                onClick={() => !readOnly && edit({ ...draft, pauseOn: on ? draft.pauseOn.filter((r) => r !== reason) : [...draft.pauseOn, reason] })}
              >
                {HOLD_REASON_LABELS[reason]}
              </View>
            )
          })}
        </View>
        <View id={fieldId('holidays')}>
        <View className='std-sub'>节假日</View>
        <View className='muted'>每行一个日期，如 2026-10-01；可直接粘贴表格中的一列</View>
        <Textarea
          className={`std-area ${fe.errors.holidays ? 'field--error' : ''}`}
          value={draft.holidays}
          maxlength={6000}
          disabled={readOnly}
          placeholder='粘贴或输入日期，每行一个'
          onInput={(e) => {
            fe.clear('holidays')
            edit({ ...draft, holidays: e.detail.value })
          }}
          aria-label='节假日'
        />
        <FieldError message={fe.errors.holidays} />
        </View>
        <View className={holidays.unreadable.length ? 'error-text' : 'muted'}>
          {holidays.dates.length ? `已识别 ${holidays.dates.length} 天` : '未设置节假日'}
          {holidays.unreadable.length > 0 && `；无法识别：${holidays.unreadable.slice(0, 3).join('、')}${holidays.unreadable.length > 3 ? ' 等' : ''}`}
        </View>
      </View>

      <View className='card'>
        <View className='card-title'>提醒与升级</View>
        <NumberField
          label='提醒比例'
          aria='提醒比例'
          path='remindAt'
          hint='用去时限的这一比例时提醒'
          value={draft.remindPercent}
          unit='%'
          decimal
          disabled={readOnly}
          onChange={(v) => edit({ ...draft, remindPercent: v })}
        />
        <NumberField
          label='二级升级倍数'
          aria='二级升级倍数'
          path='escalateAt'
          hint='超时达到时限的这一倍数时升级到后勤处'
          value={draft.escalateAt}
          unit='倍'
          decimal
          disabled={readOnly}
          onChange={(v) => edit({ ...draft, escalateAt: v })}
        />
        <NumberField
          label='接单超时（普通）'
          aria='普通接单超时'
          path='acceptTimeout.normal'
          hint='超时未接单改派下一位师傅'
          value={draft.acceptNormal}
          unit='分钟'
          disabled={readOnly}
          onChange={(v) => edit({ ...draft, acceptNormal: v })}
        />
        <NumberField
          label='接单超时（紧急）'
          aria='紧急接单超时'
          path='acceptTimeout.emergency'
          value={draft.acceptEmergency}
          unit='分钟'
          disabled={readOnly}
          onChange={(v) => edit({ ...draft, acceptEmergency: v })}
        />
      </View>

      <View className='card'>
        <View className='card-title'>分派规则</View>
        <View className='muted std-routes__hint'>类别 × 校区 × 楼宇 → 班组，越具体的规则越优先</View>
        <RoutesEditor routes={draft.routes} view={view} disabled={readOnly} onChange={(routes) => edit({ ...draft, routes })} />
      </View>

      <View className='card'>
        <View className='card-title'>服务热线与完成照片</View>
        <View className='muted'>服务热线显示在“我的”和每张工单上，报修人可一键拨打；不填则不显示</View>
        <TextField
          label='服务热线'
          path='service.hotline'
          value={draft.hotline}
          placeholder='例如 0571-88886666'
          maxlength={20}
          disabled={readOnly}
          onChange={(v) => edit({ ...draft, hotline: v })}
        />
        <TextField
          label='接听时间'
          path='service.hours'
          value={draft.serviceHours}
          placeholder='例如 工作日 8:00–17:30'
          maxlength={30}
          disabled={readOnly}
          onChange={(v) => edit({ ...draft, serviceHours: v })}
        />
        <Row label='完成时必须拍照' hint={draft.resultPhotoRequired ? '师傅点完成时至少上传一张结果照片' : '师傅可以不拍照直接完成'}>
          <Switch
            checked={draft.resultPhotoRequired}
            disabled={readOnly}
            onChange={(v) => edit({ ...draft, resultPhotoRequired: v })}
            aria-label='完成时必须拍照'
          />
        </Row>
      </View>

      {!readOnly && (
        <View className='card'>
          <View className='card-title'>修改说明</View>
          <Textarea
            className='std-area std-area--note'
            value={note}
            maxlength={NOTE_MAX}
            placeholder='改了什么、为什么（选填）'
            onInput={(e) => {
              fe.clear('note')
              setNote(e.detail.value)
            }}
            aria-label='修改说明'
          />
          <FieldError message={fe.errors.note} />
        </View>
      )}

      {error && <View className='error-text' role='alert'>{error}</View>}
      {conflict && (
        <View className='std-conflict'>
          <View className='muted'>有人刚保存了新的版本。重新加载后，你未保存的修改会丢失，请在最新版本上再改。</View>
          <Button fill='outline' type='primary' size='large' block onClick={load}>重新加载最新版本</Button>
        </View>
      )}
      {saved && <View className='std-saved' role='status'>{saved}</View>}
      {!readOnly && (
        <View className='std-save'>
          <View className='muted'>保存后成为第 {view.version + 1} 版，只对之后登记的报修生效</View>
          <Button type='primary' size='large' block disabled={busy} loading={busy} onClick={save}>
            {busy ? '正在保存…' : '保存'}
          </Button>
        </View>
      )}

      <View className='card std-history'>
        <View className='card-title'>历史版本</View>
        {historyError && <LoadFailed message={historyError} onRetry={loadHistory} />}
        {!versions && !historyError && <View className='muted'>加载中…</View>}
        {versions?.map((v) => (
          <View key={v.version} className='std-history__item'>
            <View className='std-history__head'>
              <Text className='std-history__no'>第 {v.version} 版{v.version === view.version ? '（当前）' : ''}</Text>
              <Text className='muted'>{[v.createdByName, savedAt(v.createdAt)].filter(Boolean).join(' · ')}</Text>
            </View>
            {v.note && <View className='std-history__note'>{v.note}</View>}
            {v.changes.length > 0 && (
              <View className='std-history__changes' aria-label={`第 ${v.version} 版的改动`}>
                {v.changes.map((c) => (
                  <View key={c} className='std-history__change'>{c}</View>
                ))}
              </View>
            )}
          </View>
        ))}
      </View>
      {confirming && (
        <View className='std-confirm'>
          <View className='std-confirm__box' role='dialog' aria-label='确认修改服务时限'>
            <View className='std-confirm__title'>确认修改服务时限？</View>
            <View className='std-confirm__changes'>
              {confirming.changes.map((c) => (
                <View key={c.text} className='std-confirm__change'>{c.text}</View>
              ))}
            </View>
            <View className='muted std-confirm__note'>
              保存为第 {view.version + 1} 版，只对之后登记的报修生效；已登记的工单仍按原来的版本计时。
            </View>
            <Button type='primary' size='large' block onClick={() => void send(confirming.input)} aria-label='确认保存'>
              确认保存
            </Button>
            <Button fill='outline' size='large' block onClick={() => setConfirming(null)} aria-label='再看看'>
              再看看
            </Button>
          </View>
        </View>
      )}
    </View>
    </Errors.Provider>
  )
}

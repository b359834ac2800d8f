import { ScrollView, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { FactKind } from '../../../../types/reports'
import { FIGURE_COLUMNS, type CrewRow, type WorkerRow } from '../../../../types/reportTables'
import { cellText, COLUMN_FACTS, screenLabel } from './repairFigures'

type Row = CrewRow | WorkerRow

interface Props<R extends Row> {
  /** 班组 or 维修师傅: the name column's header and the table's accessible name. */
  title: string
  rows: R[]
  /** A second line under the name (the worker's crew). */
  sub?: (row: R) => string
  /** The facts page of one cell: the row's slice and the column's kind. */
  urlOf(row: R, kind: FactKind): string
}

/**
 * A crew or worker table: the name column stays put while the figures scroll sideways (17 columns do
 * not fit a phone). Two blocks of equal-height rows rather than a sticky cell: the mini-program's
 * scroll-view does not keep a sticky child in place. Every number opens the tickets behind it.
 */
export function FigureTable<R extends Row>({ title, rows, sub, urlOf }: Props<R>) {
  return (
    <View className='rt' aria-label={`${title}表`}>
      <View className='rt__fixed'>
        <View className='rt__cell rt__cell--head rt__cell--name'>{title}</View>
        {rows.map((r) => (
          <View key={keyOf(r)} className='rt__cell rt__cell--name'>
            <Text className='rt__name'>{r.name}</Text>
            {sub && <Text className='rt__sub'>{sub(r)}</Text>}
          </View>
        ))}
      </View>
      <ScrollView scrollX className='rt__scroll' enhanced showScrollbar>
        <View className='rt__grid'>
          <View className='rt__row'>
            {FIGURE_COLUMNS.map((c) => (
              <View key={c.key} className='rt__cell rt__cell--head'>{screenLabel(c.label)}</View>
            ))}
          </View>
          {rows.map((r) => (
            <View key={keyOf(r)} className='rt__row' aria-label={r.name}>
              {FIGURE_COLUMNS.map((c) => {
                const value = c.value(r.figures)
                const text = cellText(c, value)
                if (value == null) return <View key={c.key} className='rt__cell rt__cell--none' aria-label={screenLabel(c.label)}>—</View>
                return (
                  <View
                    key={c.key}
                    className='rt__cell rt__cell--tap'
                    role='button'
                    aria-label={screenLabel(c.label)}
                    onClick={() => void Taro.navigateTo({ url: urlOf(r, COLUMN_FACTS[c.key]) })}
                  >
                    {text}
                  </View>
                )
              })}
            </View>
          ))}
        </View>
      </ScrollView>
    </View>
  )
}

const keyOf = (r: Row) => ('workerId' in r ? r.workerId : r.crewId)

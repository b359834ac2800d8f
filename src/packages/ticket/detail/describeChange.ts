import type { TicketDetail } from '../../../../types/tickets'

type Step = TicketDetail['timeline'][number]

/** What someone did, as the sentence after their name: 钱师傅「刚刚接了这单」. */
const DID: Record<string, (e: Step) => string> = {
  reviewed: () => '修改了工单信息',
  dispatched: (e) => (e.detail.startsWith('派给 ') ? `把这单派给了${e.detail.slice(3).split(' · ')[0]}` : '派了这单'),
  accepted: () => '接了这单',
  declined: () => '退回了这单',
  transferred: (e) => (e.detail.startsWith('转给 ') ? `把这单转给了${e.detail.slice(3).split(' · ')[0]}` : '转了这单'),
  arrived: () => '到场了',
  noted: () => '添加了处理记录',
  held: () => '暂停了这单',
  resumed: () => '继续处理这单',
  resolved: () => '完成了维修',
  confirmed: () => '验收通过了',
  autoConfirmed: () => '自动验收了这单',
  rejected: () => '要求返修',
  rated: () => '评价了这单',
  cancelled: () => '取消了这单',
  urged: () => '催了单',
  merged: () => '把这单合并到了其他工单',
  absorbed: () => '把重复报修合并到了这单',
  reminded: () => '提醒这单即将超时',
  escalated: () => '把这单升级处理',
}

/**
 * Why a step was refused as CONFLICT, in words: the steps others took since the page read the ticket
 * (「钱师傅刚刚接了这单」). `before` is what the page showed, `after` the ticket read again.
 */
export function describeChange(before: Pick<TicketDetail, 'timeline' | 'version'>, after: Pick<TicketDetail, 'timeline' | 'version'>): string {
  const seen = Math.max(0, ...before.timeline.map((e) => e.seq))
  const fresh = after.timeline.filter((e) => e.seq > seen).sort((a, b) => a.seq - b.seq)
  if (fresh.length === 0) return after.version !== before.version ? '这张工单刚刚有了变化，已为你刷新' : '这张工单已是最新，请再试一次'
  // The latest few, newest last: enough to say why the step no longer applies.
  const said = fresh.slice(-3).map((e) => `${e.actorName}刚刚${(DID[e.type] ?? ((x: Step) => x.label))(e)}`)
  return `${said.join('，')}。已为你刷新`
}

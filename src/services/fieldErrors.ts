import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import { describeIssues } from '../../types/errors'
import { CallError } from './cloud'

/** A form's refused fields, keyed by the input's dotted path ('location.buildingId'), each with its message. */
export type FieldErrors = Record<string, string>

/** The element id a field's wrapper carries, so the first refused field can be scrolled into view. */
export const fieldId = (path: string) => `field-${path.replace(/[^\w-]/g, '-')}`

/**
 * Every issue of a failed parse, one message per field (the first), in the words of the form's labels.
 * A path with no field of its own (a whole-object check) is kept under its parent path.
 */
export function issuesByField(issues: readonly { path: readonly PropertyKey[] }[], labels: Record<string, string> = {}): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of issues) {
    const path = issue.path.map(String).join('.')
    if (!(path in out)) out[path] = describeIssues({ issues: [issue] } as unknown as Parameters<typeof describeIssues>[0], labels)
  }
  return out
}

/**
 * The errors of one form: `show` puts messages beside their fields and scrolls to the first; a field's
 * message goes when it is edited (`clear`). A refusal the server tied to a field lands there too; any
 * other one is the caller's to show (`fromError` answers false).
 */
export function useFieldErrors(order: readonly string[] = []) {
  const [errors, setErrors] = useState<FieldErrors>({})
  const show = useCallback(
    (next: FieldErrors) => {
      setErrors(next)
      const paths = Object.keys(next)
      const first = [...order.filter((p) => paths.includes(p)), ...paths][0]
      // After the render that marks the field: scroll it into view (the form may be long on a small phone).
      // (A platform without pageScrollTo, or a page without the field, just does not scroll.)
      if (first) setTimeout(() => void Promise.resolve().then(() => Taro.pageScrollTo({ selector: `#${fieldId(first)}`, duration: 200 })).catch(() => undefined), 0)
    },
    [order],
  )
  const clear = useCallback((path: string) => {
    setErrors((prev) => {
      if (!(path in prev)) return prev
      const { [path]: _gone, ...rest } = prev
      return rest
    })
  }, [])
  const fromError = useCallback(
    (err: unknown): boolean => {
      if (!(err instanceof CallError) || !err.field) return false
      show({ [err.field]: err.message })
      return true
    },
    [show],
  )
  return { errors, show, clear, fromError, reset: () => setErrors({}) }
}

import { expect } from '@jest/globals'

/** A form's message under a field: the contract's FieldError (.field-error) or a form's own *-field__error. */
const MESSAGE = '.field-error, [class*="field__error"]'

/** The message shown inside a field's wrapper ('' when none): at the field, not somewhere on the page. */
export function errorInside(wrapper: Element | null | undefined): string {
  if (!wrapper) throw new Error('no such field on the form')
  return [...wrapper.querySelectorAll(MESSAGE)].map((e) => e.textContent ?? '').join('')
}

/** The wrapper of a field found by its input's label: the closest element with a field id or field class. */
export function wrapperOf(el: Element): Element {
  const w = el.closest('[id^="field-"], [class*="-field"], .ca-field, .pl-field, .inv-field, .pf-field')
  if (!w) throw new Error('the input has no field wrapper')
  return w
}

/** Every message on the page a person reads as an error: Chinese words, no latin words (ticket numbers aside). */
export function expectNoLatinErrors(root: ParentNode = document) {
  const texts = [...root.querySelectorAll(`${MESSAGE}, [role="alert"], .error-text`)].map((e) => (e.textContent ?? '').replace(/BX\d+\w*/g, ''))
  for (const t of texts) expect(t).not.toMatch(/[a-zA-Z]{3,}/)
  return texts
}

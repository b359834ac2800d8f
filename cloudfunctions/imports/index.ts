import { importsApi } from '../../types/imports'
import { DomainError } from '../core/decision'
import { createHandler } from '../lib/handler'

// [9] contract: every action answers NOT_FOUND until its implementation lands.
const notYet = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', '该功能尚未开放')
}

export const main = createHandler(importsApi, {
  template: notYet,
  preview: notYet,
  apply: notYet,
})

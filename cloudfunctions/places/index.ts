import { placesApi } from '../../types/places'
import { DomainError } from '../core/decision'
import { createHandler } from '../lib/handler'

// [9] contract: every action answers NOT_FOUND until its implementation lands.
const notYet = async (): Promise<never> => {
  throw new DomainError('NOT_FOUND', '该功能尚未开放')
}

export const main = createHandler(placesApi, {
  tree: notYet,
  saveCampus: notYet,
  saveBuilding: notYet,
  rooms: notYet,
  saveRoom: notYet,
  room: notYet,
  roomCode: notYet,
  buildingCodes: notYet,
  categories: notYet,
  saveCategory: notYet,
  crews: notYet,
  saveCrew: notYet,
})

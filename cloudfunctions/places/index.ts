import { placesApi } from '../../types/places'
import { createHandler } from '../lib/handler'
import * as places from '../lib/places'

// Thin: the rules live in lib/places.ts. Identity (the actor of the audit event) comes from the context.
export const main = createHandler(placesApi, {
  tree: () => places.tree(),
  saveCampus: (input, { caller, now }) => places.saveCampus(input, caller, now()),
  saveBuilding: (input, { caller, now }) => places.saveBuilding(input, caller, now()),
  rooms: (input) => places.rooms(input),
  saveRoom: (input, { caller, now }) => places.saveRoom(input, caller, now()),
  room: (input) => places.room(input),
  roomCode: (input) => places.roomCode(input),
  buildingCodes: (input) => places.buildingCodes(input),
  categories: () => places.categories(),
  saveCategory: (input, { caller, now }) => places.saveCategory(input, caller, now()),
  crews: () => places.crews(),
  saveCrew: (input, { caller, now }) => places.saveCrew(input, caller, now()),
})

// Many rooms at once: 200 rooms with 2 clients each (400 connections) all converge, and no room
// sees another room's edits.
import { createOracle, randomEdits, waitConverged } from '../client.mjs'
import { withSession } from '../session.mjs'
import { fail } from '../util.mjs'

/** options: seed, rooms (default 200), batch (rooms opened at once, default 50). */
export const manyRoomsConverge = (url, options = {}) => withSession('many', url, options, async (s) => {
  const roomCount = options.rooms ?? 200
  const batch = options.batch ?? 50
  const groups = []
  for (let start = 0; start < roomCount; start += batch) {
    const opened = []
    for (let r = start; r < Math.min(roomCount, start + batch); r++) {
      const room = s.room(`${r}`)
      const clients = [s.client(room, { name: `room${r}a` }), s.client(room, { name: `room${r}b` })]
      opened.push({ room, clients, oracle: createOracle(clients) })
    }
    await Promise.all(opened.flatMap((g) => g.clients.map((c) => c.synced(30000))))
    groups.push(...opened)
  }
  for (const [r, g] of groups.entries()) {
    g.clients[0].doc.getMap('map').set('room', g.room)
    await Promise.all(g.clients.map((c, i) => randomEdits(c, s.prng.fork(r * 2 + i), 3)))
  }
  await Promise.all(groups.map((g) => waitConverged(`room '${g.room}' to converge`, g.clients, g.oracle, 30000, 200)))
  for (const g of groups) {
    for (const c of g.clients) {
      if (c.doc.store.clients.size > 2) fail(`room '${g.room}' holds edits of ${c.doc.store.clients.size} clients, expected 2`)
      if (c.doc.getMap('map').get('room') !== g.room) fail(`room '${g.room}' shows marker '${c.doc.getMap('map').get('room')}'`)
    }
  }
  s.log(`${roomCount} rooms x 2 clients converged`)
})

// Rooms are isolated from each other (also rooms whose names are prefixes or paths of others), a
// query string does not change the room, and room names the provider sends percent-encoded
// (spaces, unicode, '+', '%') each map to one room of their own.
import { createOracle, randomEdits, waitConverged } from '../client.mjs'
import { withSession } from '../session.mjs'
import { fail } from '../util.mjs'

/**
 * Opens two clients per room, has both edit, waits for convergence per room, then checks that no
 * document holds a client ID from another room.
 */
const expectIsolatedRooms = async (s, rooms, extra = () => []) => {
  const groups = rooms.map((room, r) => {
    const clients = [s.client(room, { name: `r${r}a` }), s.client(room, { name: `r${r}b` })]
    return { room, clients, oracle: createOracle(clients) }
  })
  await Promise.all(groups.flatMap((g) => g.clients.map((c) => c.synced())))
  for (const [r, g] of groups.entries()) {
    g.clients[0].doc.getMap('map').set('room', g.room)
    await Promise.all(g.clients.map((c, i) => randomEdits(c, s.prng.fork(r * 2 + i), 8)))
  }
  for (const g of groups) {
    for (const c of extra(g)) {
      g.oracle.feed(c)
      g.clients.push(c)
    }
  }
  await Promise.all(groups.map((g) => waitConverged(`room '${g.room}' to converge`, g.clients, g.oracle)))

  for (const g of groups) {
    const own = new Set(g.clients.map((c) => c.clientID))
    for (const c of g.clients) {
      const foreign = [...c.doc.store.clients.keys()].filter((id) => !own.has(id))
      if (foreign.length > 0) fail(`room '${g.room}' (${c.name}) holds edits of clients ${foreign} from another room`)
      if (c.doc.getMap('map').get('room') !== g.room) fail(`room '${g.room}' shows marker '${c.doc.getMap('map').get('room')}'`)
    }
  }
}

export const roomsAreIsolated = (url, options = {}) => withSession('isolation', url, options, async (s) => {
  const base = s.room()
  const rooms = [base, `${base}-2`, `${base}/sub`, `${base}x`]
  // a client with a query string must land in the same room as the plain name
  await expectIsolatedRooms(s, rooms, (g) =>
    g.room === base ? [s.client(base, { name: 'with-query', params: { token: 'abc', x: '1' } })] : [])
})

export const encodedRoomNamesWork = (url, options = {}) => withSession('names', url, options, async (s) => {
  const tag = s.room()
  const rooms = [`${tag} room one`, `${tag} räum 日本語 😀`, `${tag} x+y`, `${tag} x y`, `${tag} 100% sure`]
  await expectIsolatedRooms(s, rooms)
  // a new connection with the same name finds the same document
  for (const room of rooms) {
    const again = s.client(room, { name: 'reopen' })
    await again.synced()
    if (again.doc.getMap('map').get('room') !== room) {
      fail(`reopening room '${room}' found marker '${again.doc.getMap('map').get('room')}'`)
    }
  }
})

// Edits made while disconnected merge both ways on reconnect: one side offline while the other
// keeps editing, then both offline at once.
import { createOracle, randomEdits, waitConverged } from '../client.mjs'
import { withSession } from '../session.mjs'
import { waitFor } from '../util.mjs'

const goOffline = async (client) => {
  client.disconnect()
  await waitFor(`${client.name} to go offline`, () => !client.provider.wsconnected && client.provider.ws === null, 3000)
}

export const offlineEditsMergeAfterReconnect = (url, options = {}) => withSession('offline', url, options, async (s) => {
  const room = s.room()
  const a = s.client(room, { name: 'alice' })
  const b = s.client(room, { name: 'bob' })
  const oracle = createOracle([a, b])
  const prngA = s.prng.fork(1)
  const prngB = s.prng.fork(2)
  await Promise.all([a.synced(), b.synced()])
  await randomEdits(a, prngA, 10)
  await randomEdits(b, prngB, 10)
  await waitConverged('online edits to converge', [a, b], oracle)

  // alice offline, bob online; both edit
  await goOffline(a)
  await randomEdits(a, prngA, 20)
  await randomEdits(b, prngB, 20)
  a.connect()
  await waitConverged('edits to merge after alice reconnects', [a, b], oracle)

  // both offline; both edit; both come back
  await goOffline(a)
  await goOffline(b)
  await randomEdits(a, prngA, 20)
  await randomEdits(b, prngB, 20)
  a.connect()
  b.connect()
  await waitConverged('edits to merge after both reconnect', [a, b], oracle)
  s.log(`merged; ${a.opens} opens for alice, ${b.opens} for bob`)
})

// Awareness (presence): states reach the other clients, a new joiner receives the states that
// already exist, and a client that vanishes without a goodbye is removed within seconds (the
// clients' own 30 s timeout must not be what removes it).
import { withSession } from '../session.mjs'
import { fail, waitFor } from '../util.mjs'

const describeStates = (client) =>
  `${client.name} knows: ${JSON.stringify([...client.awareness.getStates().entries()])}`

const expectSees = (viewer, subject, state, timeoutMs = 5000) =>
  waitFor(`${viewer.name} to see ${subject.name}'s awareness ${JSON.stringify(state)}`,
    () => JSON.stringify(viewer.awareness.getStates().get(subject.clientID)) === JSON.stringify(state),
    timeoutMs, () => describeStates(viewer))

const expectGone = (viewer, subject, timeoutMs) =>
  waitFor(`${viewer.name} to drop ${subject.name}'s awareness`,
    () => !viewer.awareness.getStates().has(subject.clientID), timeoutMs, () => describeStates(viewer))

const user = (name) => ({ user: { name, color: '#30bced' }, cursor: null })

export const awarenessSeenByOthers = (url, options = {}) => withSession('awareness', url, options, async (s) => {
  const room = s.room()
  const a = s.client(room, { name: 'alice', awareness: user('alice') })
  const b = s.client(room, { name: 'bob', awareness: user('bob') })
  await Promise.all([a.synced(), b.synced()])
  await expectSees(a, b, user('bob'))
  await expectSees(b, a, user('alice'))

  const moved = { ...user('alice'), cursor: { anchor: 3, head: 5 } }
  a.awareness.setLocalState(moved)
  await expectSees(b, a, moved)

  b.disconnect() // polite: sends its state as null
  await expectGone(a, b, 5000)
})

export const newJoinerReceivesExistingAwareness = (url, options = {}) => withSession('awareness-join', url, options, async (s) => {
  const room = s.room()
  const a = s.client(room, { name: 'alice', awareness: user('alice') })
  const b = s.client(room, { name: 'bob', awareness: user('bob') })
  await Promise.all([a.synced(), b.synced()])
  await expectSees(a, b, user('bob'))
  await expectSees(b, a, user('alice'))

  // alice and bob renew only every 15 s: within 8 s the joiner can only learn them from the server
  const started = Date.now()
  const c = s.client(room, { name: 'carol', awareness: user('carol') })
  await expectSees(c, a, user('alice'), 8000)
  await expectSees(c, b, user('bob'), 8000)
  s.log(`joiner received existing awareness after ${Date.now() - started} ms`)
})

export const abruptDisconnectRemovesAwareness = (url, options = {}) => withSession('awareness-abrupt', url, options, async (s) => {
  const room = s.room()
  const a = s.client(room, { name: 'alice', awareness: user('alice') })
  const b = s.client(room, { name: 'bob', awareness: user('bob') })
  const c = s.client(room, { name: 'carol', awareness: user('carol') })
  await Promise.all([a.synced(), b.synced(), c.synced()])
  for (const viewer of [a, c]) await expectSees(viewer, b, user('bob'))

  const started = Date.now()
  b.kill() // socket destroyed: no awareness null, no close frame
  // the clients' own timeout would remove bob only after 30 s
  await expectGone(a, b, 8000)
  await expectGone(c, b, 8000)
  s.log(`abruptly disconnected client removed after ${Date.now() - started} ms`)
  if (!a.awareness.getStates().has(c.clientID)) fail('carol\'s awareness vanished along with bob\'s')
})

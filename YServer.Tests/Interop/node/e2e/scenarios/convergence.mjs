// Several clients edit the same room concurrently; every replica must end up identical to the
// union of all edits (content of every root, state vector, delete set).
import { createOracle, randomEdits, waitConverged } from '../client.mjs'
import { withSession } from '../session.mjs'
import { sleep } from '../util.mjs'

/** options: seed, clients (default 3), rounds (default 25). */
export const concurrentEditsConverge = (url, options = {}) => withSession('converge', url, options, async (s) => {
  const count = options.clients ?? 3
  const rounds = options.rounds ?? 25
  const room = s.room()
  const clients = Array.from({ length: count }, (_, i) => s.client(room, { name: `client${i}` }))
  const oracle = createOracle(clients)
  await Promise.all(clients.map((c) => c.synced()))
  const prngs = clients.map((_, i) => s.prng.fork(i))

  for (let round = 0; round < rounds; round++) {
    // every client edits before it has seen the others' edits of this round
    await Promise.all(clients.map((c, i) => randomEdits(c, prngs[i], prngs[i].int(1, 5))))
    if (s.prng.bool(0.3)) await sleep(s.prng.int(0, 15))
  }

  await waitConverged(`${count} clients to converge`, clients, oracle, 20000)
  s.log(`${count} clients converged after ${rounds} rounds, text length ${clients[0].doc.getText('text').length}`)
})

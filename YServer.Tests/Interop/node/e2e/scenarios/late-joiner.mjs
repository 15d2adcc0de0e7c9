// A client that joins after the edits happened receives all of them in its first sync, both while
// the authors are still connected and after every one of them has left.
import { createOracle, difference, randomEdits, waitConverged } from '../client.mjs'
import { withSession } from '../session.mjs'
import { fail } from '../util.mjs'

const expectCompleteAfterSync = async (joiner, oracle, when) => {
  await joiner.synced()
  const d = difference(joiner.doc, oracle.doc)
  if (d !== null) fail(`late joiner (${when}) is incomplete right after its first sync: ${d}`)
}

export const lateJoinerGetsEverything = (url, options = {}) => withSession('late', url, options, async (s) => {
  const room = s.room()
  const authors = [s.client(room, { name: 'author0' }), s.client(room, { name: 'author1' })]
  const oracle = createOracle(authors)
  await Promise.all(authors.map((a) => a.synced()))
  for (let round = 0; round < 10; round++) {
    await Promise.all(authors.map((a, i) => randomEdits(a, s.prng.fork(round * 2 + i), 5)))
  }
  await waitConverged('authors to converge', authors, oracle)

  await expectCompleteAfterSync(s.client(room, { name: 'joiner-while-authors-online' }), oracle, 'authors online')

  for (const a of authors) a.destroy()
  await expectCompleteAfterSync(s.client(room, { name: 'joiner-after-authors-left' }), oracle, 'authors gone')
})

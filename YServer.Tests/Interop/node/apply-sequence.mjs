// Applies sequences of v1 updates to fresh yjs docs, one update after the other, the way a client applies what a
// server relays. Proves which update sequences break real yjs (regression vectors of the strict gatekeeping).
//
//   node apply-sequence.mjs   (stdin: JSON lines {name, updates: [hex, ...]})
//     prints one JSON line per sequence: {name, threw: index of the first update that threw or -1, error, text}
//     where text is the content of root text "text" after the sequence (or null when an update threw).
import * as Y from 'yjs'
import { fromHex } from './lib/hex.mjs'

let input = ''
for await (const chunk of process.stdin) input += chunk

for (const line of input.split('\n').filter(l => l.trim() !== '')) {
  const { name, updates } = JSON.parse(line)
  const doc = new Y.Doc()
  let threw = -1
  let error = null
  for (let i = 0; i < updates.length && threw < 0; i++) {
    try {
      Y.applyUpdate(doc, fromHex(updates[i]))
    } catch (e) {
      threw = i
      error = String(e && e.message)
    }
  }
  console.log(JSON.stringify({ name, threw, error, text: threw < 0 ? doc.getText('text').toString() : null }))
}

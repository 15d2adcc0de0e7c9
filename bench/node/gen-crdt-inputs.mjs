// Writes the inputs of the CRDT document-model benchmark (bench/run-crdt.sh), produced by real yjs, so the C#
// model and yjs time the same bytes and the same operation lists. Deterministic: seeded PRNG, fixed client IDs.
// Usage: node gen-crdt-inputs.mjs OUT_DIR
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { mulberry32, writeList } from './crdt-inputs.mjs'

const outDir = process.argv[2] ?? 'crdt-inputs'
mkdirSync(outDir, { recursive: true })
const out = file => path.join(outDir, file)
const here = path.dirname(fileURLToPath(import.meta.url))
const N = 6000

// B4: the automerge-paper trace as one patch list, and as the 259,778 updates yjs emits replaying it locally,
// one transaction per patch (the stream a server receives), plus the final state.
const trace = JSON.parse(gunzipSync(readFileSync(path.join(here, 'traces', 'automerge-paper.json.gz'))).toString('utf8'))
const patches = trace.txns.flatMap(t => t.patches)
writeFileSync(out('b4-patches.json'), JSON.stringify(patches))
const b4 = new Y.Doc(); b4.clientID = 1
const stream = []
b4.on('update', u => stream.push(u))
const text = b4.getText('text')
for (const [pos, del, ins] of patches) {
  b4.transact(() => {
    if (del > 0) text.delete(pos, del)
    if (ins.length > 0) text.insert(pos, ins)
  })
}
if (text.toString() !== trace.endContent) throw new Error('B4 replay does not give the trace\'s end text')
writeList(out('b4-updates.bin'), stream)
const b4State = Y.encodeStateAsUpdate(b4)
writeFileSync(out('b4-state.bin'), b4State)

// B4×100: the B4 document written 100 times over, concurrently, by 100 clients into the same text (the B4 state
// with its client ID rewritten, merged in one document). crdt-benchmarks replays the trace 100 times (≈ 10 min
// in yjs); this keeps the size class (26 M operations, 10.5 M characters) at a fraction of the generation time.
function withClient (update, client) {
  const { structs, ds } = Y.decodeUpdate(update)
  const encoder = new Y.UpdateEncoderV1()
  encoding.writeVarUint(encoder.restEncoder, 1)
  encoding.writeVarUint(encoder.restEncoder, structs.length)
  encoder.writeClient(client)
  encoding.writeVarUint(encoder.restEncoder, structs[0].id.clock)
  for (const s of structs) {
    s.id = Y.createID(client, s.id.clock)
    if (s.origin) s.origin = Y.createID(client, s.origin.clock)
    if (s.rightOrigin) s.rightOrigin = Y.createID(client, s.rightOrigin.clock)
    s.write(encoder, 0)
  }
  encoding.writeVarUint(encoder.restEncoder, ds.clients.size)
  for (const ranges of ds.clients.values()) {
    encoder.resetDsCurVal()
    encoder.writeClient(client)
    encoding.writeVarUint(encoder.restEncoder, ranges.length)
    for (const r of ranges) { encoder.writeDsClock(r.clock); encoder.writeDsLen(r.len) }
  }
  return encoder.toUint8Array()
}
const x100 = new Y.Doc()
for (let k = 0; k < 100; k++) Y.applyUpdate(x100, withClient(b4State, 1000 + k))
if (x100.getText('text').length !== 100 * trace.endContent.length) throw new Error('B4x100 has the wrong length')
writeFileSync(out('b4x100-state.bin'), Y.encodeStateAsUpdate(x100))

// B1 local edits (crdt-benchmarks, N = 6000): the operation lists, drawn once, replayed by both sides.
const rand = mulberry32(0xb1)
const alphabet = 'abcdefghijklmnopqrstuvwxyz'
const randomChar = () => alphabet[Math.floor(rand() * alphabet.length)]
const b1 = {
  // B1.1: append N characters, one transaction each.
  append: Array.from({ length: N }, randomChar),
  // B1.4: insert N characters at random positions of a Y.Text.
  textInserts: Array.from({ length: N }, (_, i) => [Math.floor(rand() * (i + 1)), randomChar()]),
  // B1.11: insert N numbers at random positions of a Y.Array.
  arrayInserts: Array.from({ length: N }, (_, i) => [Math.floor(rand() * (i + 1)), Math.floor(rand() * 1e6)])
}
writeFileSync(out('b1-ops.json'), JSON.stringify(b1))

// B3 (crdt-benchmarks: 20·√N clients): each client's single update, applied by the server one by one.
const clients = Math.floor(20 * Math.sqrt(N))
const b3 = {
  'b3-1.bin': (doc, i) => doc.getMap('map').set('v', i),
  'b3-2.bin': (doc, i) => doc.getMap('map').set('v', { name: `client ${i}`, index: i, tags: ['a', 'b'] }),
  'b3-3.bin': (doc, i) => doc.getMap('map').set('v', `value of client ${i} `.repeat(2)),
  'b3-4.bin': (doc, i) => doc.getArray('array').insert(0, [`text of client ${i}`])
}
for (const [file, change] of Object.entries(b3)) {
  const updates = []
  for (let i = 0; i < clients; i++) {
    const doc = new Y.Doc(); doc.clientID = 100000 + i
    doc.on('update', u => updates.push(u))
    change(doc, i)
  }
  writeList(out(file), updates)
}
console.log(`crdt inputs written to ${outDir}: ${stream.length} B4 updates, B4 state ${b4State.length} B, ${clients} B3 clients`)

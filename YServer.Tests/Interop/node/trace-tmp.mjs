import * as Y from 'yjs'
import fs from 'fs'
import zlib from 'zlib'
const [path, limitArg, out] = process.argv.slice(2)
const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(path)).toString())
const limit = Math.min(Number(limitArg), trace.txns.length)
const doc = new Y.Doc({ gc: false }); doc.clientID = 1
const ref = new Y.Doc({ gc: true })
const updates = []
doc.on('update', u => { updates.push(u); Y.applyUpdate(ref, u) })
const t = doc.getText('t')
// positions are in code points; the automerge-paper trace is ASCII, so they equal UTF-16 indices
for (let i = 0; i < limit; i++) {
  doc.transact(() => { for (const [pos, del, ins] of trace.txns[i].patches) { if (del) t.delete(pos, del); if (ins) t.insert(pos, ins) } })
}
const log = Y.mergeUpdates(updates)
fs.writeFileSync(out + '.log', log)
fs.writeFileSync(out + '.full', Y.encodeStateAsUpdate(doc))
fs.writeFileSync(out + '.ref', Y.encodeStateAsUpdate(ref))
fs.writeFileSync(out + '.text', t.toString())
console.log(JSON.stringify({ txns: limit, updates: updates.length, log: log.length, full: Y.encodeStateAsUpdate(doc).length, yjsGc: Y.encodeStateAsUpdate(ref).length, textLength: t.length, rawUpdateBytes: updates.reduce((a, u) => a + u.length, 0) }))

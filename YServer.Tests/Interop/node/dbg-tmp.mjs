import * as Y from 'yjs'
import fs from 'fs'
const gen = fs.readFileSync('/tmp/gen.jsonl','utf8').split('\n').filter(Boolean).map(JSON.parse)
const col = fs.readFileSync(process.argv[2],'utf8').split('\n').filter(Boolean).map(JSON.parse)
const name = process.argv[3]
const orig = Buffer.from(gen.find(g => g.name === name).update, 'hex')
const c = Buffer.from(col.find(g => g.name === name).collected, 'hex')
const d1 = new Y.Doc(); Y.applyUpdate(d1, orig); console.log('orig ', JSON.stringify(d1.getText('t').toDelta()))
const d2 = new Y.Doc(); Y.applyUpdate(d2, c); console.log('coll ', JSON.stringify(d2.getText('t').toDelta()))
const show = u => Y.decodeUpdate(u).structs.filter(s => s instanceof Y.Item && s.content.str !== undefined && /[\ud800-\udfff\ufffd]/.test(s.content.str)).map(s => [s.id.client, s.id.clock, s.length, JSON.stringify(s.content.str), s.origin && [s.origin.client, s.origin.clock], s.rightOrigin && [s.rightOrigin.client, s.rightOrigin.clock]])
console.log(show(orig)); console.log(show(c))
const ds = Y.decodeUpdate(orig).ds; console.log(JSON.stringify([...ds.clients.entries()]))

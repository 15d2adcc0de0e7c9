// Long-lived content checker for the C# tests: reads one JSON request per line on stdin, answers one
// JSON line per request on stdout, in order, until stdin closes.
//
//   request:  {"id": 7, "updates": ["hex", ...], "v2": false}
//   response: {"id": 7, "content": "<canonical JSON, see lib/content.mjs>", "sv": "hex",
//              "pending": false, "error": null}
//
// The updates are applied in order to a fresh Y.Doc (gc on). `pending` is true when the doc still
// waits for missing structs or deletions; `error` carries the message if yjs threw.
import { createInterface } from 'node:readline'
import * as Y from 'yjs'
import { docContent, hasPending } from './lib/content.mjs'
import { fromHex, toHex } from './lib/hex.mjs'

const check = (request) => {
  const doc = new Y.Doc()
  try {
    for (const hex of request.updates) {
      if (request.v2 === true) Y.applyUpdateV2(doc, fromHex(hex))
      else Y.applyUpdate(doc, fromHex(hex))
    }
    return { id: request.id, content: docContent(doc), sv: toHex(Y.encodeStateVector(doc)), pending: hasPending(doc), error: null }
  } catch (err) {
    return { id: request.id, content: null, sv: null, pending: null, error: String(err?.stack ?? err) }
  } finally {
    doc.destroy()
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of lines) {
  if (line.trim() === '') continue
  let response
  try {
    response = check(JSON.parse(line))
  } catch (err) {
    response = { id: null, content: null, sv: null, pending: null, error: `bad request: ${err}` }
  }
  process.stdout.write(JSON.stringify(response) + '\n')
}

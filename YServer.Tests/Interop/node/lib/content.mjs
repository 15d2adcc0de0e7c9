// The observable content of a document as one canonical JSON string. Two documents hold the same
// content exactly when their strings are equal: map keys are sorted (a Y.Map's iteration order
// depends on integration order, not on content) and values JSON cannot express are tagged.
import * as Y from 'yjs'
import { toHex } from './hex.mjs'

/** The root types every generated session uses, by name. */
export const ROOTS = Object.freeze({ t: 'text', a: 'array', m: 'map', x: 'xml' })

const rootOf = (doc, name) => {
  switch (ROOTS[name]) {
    case 'text': return doc.getText(name)
    case 'array': return doc.getArray(name)
    case 'map': return doc.getMap(name)
    default: return doc.getXmlFragment(name)
  }
}

const sortedObject = (entries) => {
  const out = {}
  for (const [k, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = v
  return out
}

const plainDelta = (delta) => delta.map((op) => {
  const out = { insert: plain(op.insert) }
  if (op.attributes) out.attributes = plain(op.attributes)
  return out
})

/** Converts any value found in a Y type into plain, canonical JSON-able data. */
export const plain = (v) => {
  if (v instanceof Y.XmlText) return { $xmlText: plainDelta(v.toDelta()) }
  if (v instanceof Y.Text) return { $text: plainDelta(v.toDelta()) }
  if (v instanceof Y.XmlHook) return { $hook: v.hookName, map: sortedObject(Array.from(v.entries(), ([k, x]) => [k, plain(x)])) }
  if (v instanceof Y.XmlElement) {
    return { $el: v.nodeName, attrs: plain(v.getAttributes()), children: v.toArray().map(plain) }
  }
  if (v instanceof Y.XmlFragment) return { $frag: v.toArray().map(plain), str: v.toString() }
  if (v instanceof Y.Map) return sortedObject(Array.from(v.entries(), ([k, x]) => [k, plain(x)]))
  if (v instanceof Y.Array) return v.toArray().map(plain)
  if (v instanceof Y.Doc) return { $doc: v.guid, meta: plain(v.meta ?? null) }
  if (v instanceof Uint8Array) return { $bytes: toHex(v) }
  if (v === undefined) return { $undefined: true }
  if (typeof v === 'bigint') return { $bigint: v.toString() }
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { $num: Object.is(v, -0) ? '-0' : String(v) }
  if (Array.isArray(v)) return v.map(plain)
  if (v !== null && typeof v === 'object') return sortedObject(Object.entries(v).map(([k, x]) => [k, plain(x)]))
  return v
}

/** Canonical JSON text of every root of the document. */
export const docContent = (doc) => {
  const out = {}
  for (const name of Object.keys(ROOTS)) {
    const root = rootOf(doc, name)
    out[name] = ROOTS[name] === 'text' ? { str: root.toString(), delta: plainDelta(root.toDelta()) } : plain(root)
  }
  return JSON.stringify(out)
}

/** True when the document holds structs or deletions it could not integrate yet. */
export const hasPending = (doc) => doc.store.pendingStructs !== null || doc.store.pendingDs !== null

// One random local edit on a Y.Doc. Edits only look at content that is identical with gc on and off
// (lengths, live types), so replaying a session with gc:false makes exactly the same edits.
import * as Y from 'yjs'
import { randomAny, randomAttributes, randomEmbed, randomJson, randomString } from './values.mjs'

const MAP_KEYS = ['k0', 'k1', 'k2', 'k3', 'ü', '😀']
const XML_NAMES = ['p', 'h1', 'li', 'my-el']
const XML_ATTRS = ['class', 'id', 'data-x', 'ü']

/** Live (not deleted) shared types of the document, in a deterministic traversal order. */
export const collectTypes = (doc) => {
  const found = { texts: [], arrays: [], maps: [], xmlParents: [], xmlElements: [] }
  const visit = (t) => {
    if (t instanceof Y.Text) found.texts.push(t) // includes Y.XmlText
    else if (t instanceof Y.XmlHook) return
    else if (t instanceof Y.XmlFragment) {
      found.xmlParents.push(t)
      if (t instanceof Y.XmlElement) found.xmlElements.push(t)
      t.toArray().forEach(visit)
    } else if (t instanceof Y.Map) {
      found.maps.push(t)
      for (const [, v] of t.entries()) if (v instanceof Y.AbstractType) visit(v)
    } else if (t instanceof Y.Array) {
      found.arrays.push(t)
      t.toArray().forEach((v) => { if (v instanceof Y.AbstractType) visit(v) })
    }
  }
  visit(doc.getText('t'))
  visit(doc.getArray('a'))
  visit(doc.getMap('m'))
  visit(doc.getXmlFragment('x'))
  return found
}

/** lowSurrogate[i] is true when UTF-16 unit i is the second half of a surrogate pair. */
const lowSurrogates = (text) => {
  const low = []
  for (const op of text.toDelta()) {
    if (typeof op.insert !== 'string') {
      low.push(false)
      continue
    }
    for (let i = 0; i < op.insert.length; i++) {
      const c = op.insert.charCodeAt(i)
      low.push(c >= 0xdc00 && c <= 0xdfff)
    }
  }
  return low
}

// Positions never split a surrogate pair: yjs would turn both halves into U+FFFD and the corpus
// would test that quirk instead of the wire format (yjs-wire-format.md §9).
const boundary = (rng, low, from, to) => {
  const candidates = []
  for (let i = from; i <= to; i++) if (i === low.length || !low[i]) candidates.push(i)
  return candidates.length > 0 ? rng.pick(candidates) : -1
}

const textRange = (rng, text) => {
  const low = lowSurrogates(text)
  if (low.length === 0) return null
  const start = boundary(rng, low, 0, low.length - 1)
  const end = boundary(rng, low, start + 1, Math.min(low.length, start + 6))
  return end < 0 ? null : [start, end - start]
}

const editText = (rng, text) => {
  const op = rng.weighted([[5, 'insert'], [1, 'embed'], [3, 'delete'], [2, 'format']])
  if (op === 'insert' || op === 'embed' || text.length === 0) {
    const pos = boundary(rng, lowSurrogates(text), 0, text.length)
    const attrs = rng.bool(0.3) ? randomAttributes(rng) : undefined
    if (op === 'embed') text.insertEmbed(pos, randomEmbed(rng), attrs)
    else text.insert(pos, randomString(rng), attrs)
    return
  }
  const range = textRange(rng, text)
  if (range === null) return
  if (op === 'delete') text.delete(range[0], range[1])
  else text.format(range[0], range[1], randomAttributes(rng))
}

// Y.Array.insert rejects top-level undefined and bigint (only Y.Map.set takes them); nested inside
// objects/arrays they are fine, so wrap them. Now and then 130 items: a ContentAny count > 127.
const arrayItems = (rng) => {
  if (rng.bool(0.02)) return Array.from({ length: 130 }, (_, i) => i)
  return Array.from({ length: rng.int(1, 3) }, () => {
    const v = randomAny(rng)
    return v === undefined || typeof v === 'bigint' ? [v] : v
  })
}

const newNestedType = (rng, subdocGuid) => {
  const kind = rng.weighted([[3, 'map'], [3, 'array'], [2, 'text'], [subdocGuid === null ? 0 : 1, 'doc']])
  switch (kind) {
    case 'map': {
      const m = new Y.Map()
      for (let i = rng.int(0, 2); i > 0; i--) m.set(rng.pick(MAP_KEYS), randomAny(rng))
      return m
    }
    case 'array': return Y.Array.from(rng.bool(0.2) ? [] : arrayItems(rng))
    case 'text': return new Y.Text(randomString(rng))
    default: {
      const opts = rng.weighted([[2, {}], [1, { autoLoad: true }], [1, { gc: false }], [1, { meta: randomJson(rng, 1) }]])
      return new Y.Doc({ guid: subdocGuid, ...opts })
    }
  }
}

const editArray = (rng, array, nextGuid) => {
  const op = rng.weighted([[4, 'insert'], [2, 'nested'], [3, 'delete']])
  if (op === 'delete' && array.length > 0) {
    const pos = rng.int(0, array.length - 1)
    array.delete(pos, rng.int(1, Math.min(3, array.length - pos)))
  } else if (op === 'nested') {
    array.insert(rng.int(0, array.length), [newNestedType(rng, rng.bool(0.2) ? nextGuid() : null)])
  } else {
    array.insert(rng.int(0, array.length), arrayItems(rng))
  }
}

const editMap = (rng, map, nextGuid) => {
  const op = rng.weighted([[5, 'set'], [2, 'nested'], [2, 'delete']])
  const keys = Array.from(map.keys())
  if (op === 'delete' && keys.length > 0) map.delete(rng.pick(keys))
  else if (op === 'nested') map.set(rng.pick(MAP_KEYS), newNestedType(rng, rng.bool(0.3) ? nextGuid() : null))
  else map.set(rng.pick(MAP_KEYS), randomAny(rng))
}

const editXml = (rng, types) => {
  const op = rng.weighted([[3, 'element'], [3, 'text'], [1, 'hook'], [3, 'attribute'], [2, 'delete']])
  const parent = rng.pick(types.xmlParents)
  if (op === 'attribute' && types.xmlElements.length > 0) {
    const el = rng.pick(types.xmlElements)
    if (rng.bool(0.25)) el.removeAttribute(rng.pick(XML_ATTRS))
    else el.setAttribute(rng.pick(XML_ATTRS), randomString(rng))
  } else if (op === 'delete' && parent.length > 0) {
    const pos = rng.int(0, parent.length - 1)
    parent.delete(pos, rng.int(1, Math.min(2, parent.length - pos)))
  } else if (op === 'hook') {
    const hook = new Y.XmlHook('hook-' + rng.int(0, 3))
    hook.set('v', randomAny(rng))
    parent.insert(rng.int(0, parent.length), [hook])
  } else if (op === 'text') {
    parent.insert(rng.int(0, parent.length), [new Y.XmlText(randomString(rng))])
  } else {
    const el = new Y.XmlElement(rng.pick(XML_NAMES))
    if (rng.bool(0.5)) el.setAttribute(rng.pick(XML_ATTRS), randomString(rng))
    if (rng.bool(0.5)) el.insert(0, [new Y.XmlText(randomString(rng))])
    parent.insert(rng.int(0, parent.length), [el])
  }
}

/** Performs one random edit on `doc`. `nextGuid()` names a new subdocument deterministically. */
export const randomEdit = (rng, doc, nextGuid) => {
  const types = collectTypes(doc)
  const target = rng.weighted([[4, 'text'], [3, 'array'], [3, 'map'], [3, 'xml']])
  switch (target) {
    case 'text': return editText(rng, rng.pick(types.texts))
    case 'array': return editArray(rng, rng.pick(types.arrays), nextGuid)
    case 'map': return editMap(rng, rng.pick(types.maps), nextGuid)
    default: return editXml(rng, types)
  }
}

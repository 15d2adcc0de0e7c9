// Real y-websocket clients for the end-to-end scenarios, plus content fingerprints and seeded random
// edits on every shared type a document can hold (Text, Map, Array, XmlFragment).
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { fail, waitFor } from './util.mjs'

/** The root types every scenario document uses. */
export const ROOTS = ['text', 'map', 'array', 'xml', 'log']

const rootOf = (doc, name) => {
  switch (name) {
    case 'text': return doc.getText(name)
    case 'map': return doc.getMap(name)
    case 'xml': return doc.getXmlFragment(name)
    default: return doc.getArray(name)
  }
}

/**
 * One client: a Y.Doc behind a WebsocketProvider. `disableBc` matters: Node 20 has a global
 * BroadcastChannel, and clients in one process would otherwise sync around the server.
 * Counts opens / closes / status events so scenarios can prove a connection was never replaced.
 */
export class Client {
  constructor (url, room, { name = 'client', awareness = undefined, connect = true, params = {} } = {}) {
    this.name = name
    this.room = room
    this.doc = new Y.Doc()
    for (const root of ROOTS) rootOf(this.doc, root)
    this.opens = 0
    this.closes = 0
    this.statuses = []
    this.provider = new WebsocketProvider(url, room, this.doc, {
      WebSocketPolyfill: WebSocket,
      disableBc: true,
      connect: false,
      params
    })
    this.provider.on('status', ({ status }) => {
      this.statuses.push(status)
      if (status === 'connected') this.opens++
    })
    this.provider.on('connection-close', () => { this.closes++ })
    if (awareness !== undefined) this.provider.awareness.setLocalState(awareness)
    if (connect) this.provider.connect()
  }

  get awareness () {
    return this.provider.awareness
  }

  get clientID () {
    return this.doc.clientID
  }

  async synced (timeoutMs = 10000) {
    await waitFor(`${this.name} to sync with room '${this.room}'`, () => this.provider.synced, timeoutMs,
      () => `statuses: ${this.statuses.join(',') || '(none)'}`)
  }

  /** Goes offline the polite way: the provider sends its awareness removal, then closes. */
  disconnect () {
    this.provider.disconnect()
  }

  connect () {
    this.provider.connect()
  }

  /**
   * Drops the connection abruptly: no awareness goodbye, no close frame, no reconnect (what a
   * crashed tab or a pulled cable looks like to the server).
   */
  kill () {
    this.provider.shouldConnect = false
    const ws = this.provider.ws
    if (ws !== null) ws.terminate()
  }

  destroy () {
    this.provider.destroy()
    this.doc.destroy()
  }
}

/** Everything two converged replicas must agree on. */
export const fingerprint = (doc) => {
  const content = {}
  for (const root of ROOTS) content[root] = rootOf(doc, root).toJSON()
  content.textDelta = rootOf(doc, 'text').toDelta()
  const sv = [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0])
  return {
    content,
    stateVector: Object.fromEntries(sv),
    pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null
  }
}

/** Returns null when `a` and `b` hold the same content, state vector and delete set; else a description. */
export const difference = (a, b) => {
  const fa = fingerprint(a)
  const fb = fingerprint(b)
  if (fa.pending || fb.pending) return `pending (undeliverable) updates: ${fa.pending ? 'first' : 'second'} replica`
  for (const key of [...ROOTS, 'textDelta']) {
    const ja = canonicalJson(fa.content[key])
    const jb = canonicalJson(fb.content[key])
    if (ja !== jb) return `root '${key}' differs:\n    ${clip(ja)}\n    ${clip(jb)}`
  }
  const sa = JSON.stringify(fa.stateVector)
  const sb = JSON.stringify(fb.stateVector)
  if (sa !== sb) return `state vectors differ: ${sa} vs ${sb}`
  if (!Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))) return 'delete sets differ'
  return null
}

/** JSON with object keys sorted: Y.Map iteration order depends on arrival order, not content. */
export const canonicalJson = (value) => JSON.stringify(value, (_key, v) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
    : v)

const clip = (s) => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s)

/**
 * Waits until every client's document equals `oracle` (a document that received every client's
 * local updates directly, without the server). Equality with the oracle proves both convergence
 * and that the server dropped nothing.
 */
export const waitConverged = async (what, clients, oracle, timeoutMs = 15000, intervalMs = 25) => {
  const firstDifference = () => {
    const authors = oracle.doc.store.clients
    for (const c of clients) {
      const foreign = [...c.doc.store.clients.keys()].filter((id) => !authors.has(id))
      if (foreign.length > 0) return `${c.name} holds edits of client(s) ${foreign.join(', ')}, who never edited here (another room's?)`
      const d = difference(c.doc, oracle.doc)
      if (d !== null) return `${c.name} vs all edits: ${d}`
    }
    return null
  }
  await waitFor(what, () => firstDifference() === null, timeoutMs, firstDifference, intervalMs)
}

/**
 * The ground truth: every local update of the fed clients, taken directly (not via the server).
 * `doc` is rebuilt from them on demand with the roots attached only after the updates are applied,
 * so the oracle never runs yjs's own formatting cleanup (a real client does, and sends it as a local
 * update, which the oracle then receives like any other edit).
 */
export const createOracle = (clients = []) => {
  const updates = []
  let cached = null
  const oracle = {
    feed (client) {
      client.doc.on('update', (update, origin) => {
        if (origin !== client.provider) updates.push(update)
      })
    },
    get doc () {
      if (cached === null || cached.count !== updates.length) {
        const doc = new Y.Doc()
        if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates))
        for (const root of ROOTS) rootOf(doc, root)
        cached?.doc.destroy()
        cached = { doc, count: updates.length }
      }
      return cached.doc
    }
  }
  clients.forEach((c) => oracle.feed(c))
  return oracle
}

// ---- seeded random edits -------------------------------------------------------------------

// BMP only in Y.Text: a random index could split a surrogate pair, which yjs itself does not
// round-trip (it re-encodes lone surrogates as U+FFFD), and that is not the server's fault.
const TEXT_CHARS = ['a', 'b', 'c', 'x', 'y', 'z', ' ', 'é', 'ü', '日', '本', '\n']
const VALUE_STRINGS = ['', 'v', 'hello', 'grüße', '😀 emoji', 'a"b\\c', '日本語']

const randomText = (prng, max) => {
  let s = ''
  for (let i = prng.int(1, max); i > 0; i--) s += prng.pick(TEXT_CHARS)
  return s
}

const randomValue = (prng) => {
  switch (prng.int(0, 6)) {
    case 0: return prng.int(-1000, 1000)
    case 1: return prng.next() * 1e6
    case 2: return prng.pick(VALUE_STRINGS)
    case 3: return prng.bool()
    case 4: return null
    case 5: return { n: prng.int(0, 9), s: prng.pick(VALUE_STRINGS), list: [1, 'two', null] }
    default: return [prng.int(0, 99), prng.pick(VALUE_STRINGS)]
  }
}

const editText = (doc, prng) => {
  const text = doc.getText('text')
  const len = text.length
  const op = len === 0 ? 0 : prng.int(0, 5)
  if (op <= 2) {
    text.insert(prng.int(0, len), randomText(prng, 6), prng.bool(0.2) ? { bold: true } : undefined)
  } else if (op <= 4) {
    const pos = prng.int(0, len - 1)
    text.delete(pos, prng.int(1, Math.min(4, len - pos)))
  } else {
    const pos = prng.int(0, len - 1)
    text.format(pos, prng.int(1, Math.min(5, len - pos)), prng.bool() ? { italic: true } : { bold: null })
  }
}

const editMap = (doc, prng) => {
  const map = doc.getMap('map')
  const key = `k${prng.int(0, 7)}`
  const op = prng.int(0, 5)
  if (op === 0 && map.has(key)) {
    map.delete(key)
  } else if (op === 1) {
    const nested = new Y.Map()
    map.set(key, nested)
    nested.set('inner', randomValue(prng))
  } else if (op === 2 && map.get(key) instanceof Y.Map) {
    map.get(key).set(`i${prng.int(0, 3)}`, randomValue(prng))
  } else {
    map.set(key, randomValue(prng))
  }
}

const editArray = (doc, prng) => {
  const array = doc.getArray('array')
  const len = array.length
  const op = len === 0 ? 0 : prng.int(0, 5)
  if (op <= 2) {
    const values = []
    for (let i = prng.int(1, 3); i > 0; i--) values.push(randomValue(prng))
    array.insert(prng.int(0, len), values)
  } else if (op === 3) {
    const nested = new Y.Array()
    array.insert(prng.int(0, len), [nested])
    nested.push([prng.int(0, 9), prng.pick(VALUE_STRINGS)])
  } else {
    const pos = prng.int(0, len - 1)
    array.delete(pos, prng.int(1, Math.min(3, len - pos)))
  }
}

const editXml = (doc, prng) => {
  const xml = doc.getXmlFragment('xml')
  const len = xml.length
  const op = len === 0 ? 0 : prng.int(0, 4)
  if (op <= 1) {
    const element = new Y.XmlElement(prng.pick(['p', 'h1', 'li', 'blockquote']))
    element.setAttribute('id', `n${prng.int(0, 999)}`)
    const text = new Y.XmlText()
    element.insert(0, [text])
    xml.insert(prng.int(0, len), [element])
    text.insert(0, randomText(prng, 5))
  } else if (op === 2) {
    const pos = prng.int(0, len - 1)
    xml.delete(pos, 1)
  } else {
    const node = xml.get(prng.int(0, len - 1))
    if (!(node instanceof Y.XmlElement)) return
    if (op === 3) {
      node.setAttribute(prng.pick(['class', 'data-x', 'id']), prng.pick(['a', 'b', 'c c', 'é']))
    } else {
      const text = node.get(0)
      if (text instanceof Y.XmlText) text.insert(prng.int(0, text.length), randomText(prng, 4))
    }
  }
}

const EDITORS = [editText, editMap, editArray, editXml]

/** One random edit (sometimes a transaction of several) on a random shared type of `doc`. */
export const randomEdit = (doc, prng) => {
  const count = prng.bool(0.2) ? prng.int(2, 4) : 1
  doc.transact(() => {
    for (let i = 0; i < count; i++) prng.pick(EDITORS)(doc, prng)
  })
}

/** `count` random edits on `client`, yielding to the event loop between some of them. */
export const randomEdits = async (client, prng, count) => {
  for (let i = 0; i < count; i++) {
    randomEdit(client.doc, prng)
    if (prng.bool(0.3)) await new Promise((resolve) => setImmediate(resolve))
  }
}

/** Fails unless `predicate(client)` holds for every client. */
export const expectAll = (clients, what, predicate) => {
  for (const c of clients) {
    if (!predicate(c)) fail(`${c.name}: expected ${what}`)
  }
}

// The document API end to end: real y-websocket clients against yserver's admin endpoints
// GET /api/rooms/{room}/content and POST /api/rooms/{room}/edits. A C# test (DocumentApiInteropTests)
// owns the server and runs one scenario per call:
//
//   node e2e/documents.mjs SCENARIO --url ws://127.0.0.1:P --token TOKEN [--room R] [--seed S]
//
// Prints `OK <json>` on success (exit 0); fails with a message on stderr and exit code 1.
//   content-shows-client-edits       a client edits Text/Map/Array/XmlFragment; GET content shows exactly its roots
//   edits-reach-every-client         POST edits (text, format, map, array, xml) shows up in every connected Y.Doc
//   concurrent-edits-converge        clients edit at random while the server edits through the API; all converge,
//                                    and the server's content equals every client's
//   invalid-edits-change-nothing     400 naming the operation, nothing applied, state vector unchanged
//   edit                             POST one text edit to --room, print the answer (restart tests)
//   read-content                     print GET content of --room (restart tests)
import * as Y from 'yjs'
import { Client, ROOTS, canonicalJson, difference, randomEdits } from './client.mjs'
import { Prng, ScenarioFailure, fail, log, sleep, waitFor, withTimeout } from './util.mjs'

const TYPES = 'text:Text,map:Map,array:Array,xml:XmlFragment,log:Array'

const parseArgs = (argv) => {
  const opts = { scenario: argv[0], url: null, token: null, room: null, seed: Number(process.env.YSERVER_TEST_SEED ?? 1) >>> 0 }
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${arg}`)
      return argv[++i]
    }
    switch (arg) {
      case '--url': opts.url = value(); break
      case '--token': opts.token = value(); break
      case '--room': opts.room = value(); break
      case '--seed': opts.seed = Number(value()) >>> 0; break
      default: throw new Error(`unknown option ${arg}`)
    }
  }
  if (opts.url === null || opts.token === null) throw new Error('--url and --token are required')
  opts.http = opts.url.replace(/^ws/, 'http')
  opts.room ??= `${opts.scenario}-${process.pid.toString(36)}${Date.now().toString(36)}`
  return opts
}

/** The admin API of the server under test. */
class Api {
  constructor (opts) {
    this.base = opts.http
    this.token = opts.token
  }

  async request (method, room, action, { query = '', body = undefined } = {}) {
    const url = `${this.base}/api/rooms/${encodeURIComponent(room)}/${action}${query === '' ? '' : `?${query}`}`
    const response = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body))
    })
    const text = await response.text()
    let json = null
    try {
      json = text === '' ? null : JSON.parse(text)
    } catch {
      json = null
    }
    return { status: response.status, json, text }
  }

  async content (room, format = 'json', types = TYPES) {
    const r = await this.request('GET', room, 'content', { query: `format=${format}&types=${encodeURIComponent(types)}` })
    if (r.status !== 200) fail(`GET content of '${room}' (${format}) answered ${r.status}: ${r.text}`)
    return r.json
  }

  async edits (room, ops, expectStatus = 200) {
    const r = await this.request('POST', room, 'edits', { body: ops })
    if (r.status !== expectStatus) fail(`POST edits ${JSON.stringify(ops).slice(0, 300)} answered ${r.status} (expected ${expectStatus}): ${r.text}`)
    return r.json
  }

  async stateVector (room) {
    const r = await fetch(`${this.base}/api/rooms/${encodeURIComponent(room)}/state-vector`, { headers: { Authorization: `Bearer ${this.token}` } })
    if (r.status !== 200) fail(`GET state-vector answered ${r.status}`)
    return Buffer.from(await r.arrayBuffer()).toString('base64')
  }
}

const stateVectorOf = (doc) => Buffer.from(Y.encodeStateVector(doc)).toString('base64')

/** The server's view of every root, as the client's toJSON would give it (absent roots as the empty value). */
const serverJson = (content) => {
  const empty = { text: '', map: {}, array: [], xml: '', log: [] }
  return Object.fromEntries(ROOTS.map((r) => [r, content.roots[r]?.value ?? empty[r]]))
}

const clientJson = (doc) => Object.fromEntries(ROOTS.map((r) => [r, rootJson(doc, r)]))

const rootJson = (doc, name) => {
  switch (name) {
    case 'text': return doc.getText(name).toJSON()
    case 'map': return doc.getMap(name).toJSON()
    case 'xml': return doc.getXmlFragment(name).toJSON()
    default: return doc.getArray(name).toJSON()
  }
}

/** Polls GET content until the server's roots equal `doc`'s (the server holds what the client sent). */
const waitServerHas = async (api, room, doc, what) => {
  let last = null
  const deadline = Date.now() + 20000
  for (;;) {
    last = await api.content(room)
    if (canonicalJson(serverJson(last)) === canonicalJson(clientJson(doc)) && last.stateVector === stateVectorOf(doc)) return last
    if (Date.now() > deadline) {
      fail(`timed out waiting for ${what}:\n  server ${canonicalJson(serverJson(last)).slice(0, 600)}\n  client ${canonicalJson(clientJson(doc)).slice(0, 600)}`)
    }
    await sleep(50)
  }
}

const contentShowsClientEdits = async (opts, api) => {
  const c = new Client(opts.url, opts.room, { name: 'typist' })
  try {
    await c.synced()
    c.doc.transact(() => {
      c.doc.getText('text').insert(0, 'Hello wörld 😀')
      c.doc.getText('text').format(0, 5, { bold: true })
      c.doc.getMap('map').set('title', 'Notes')
      c.doc.getMap('map').set('nested', { a: [1, 2.5, null], b: true })
      c.doc.getArray('array').push([1, 'two', { three: 3 }])
      const p = new Y.XmlElement('p')
      p.setAttribute('class', 'lead')
      const t = new Y.XmlText()
      p.insert(0, [t])
      c.doc.getXmlFragment('xml').insert(0, [p])
      t.insert(0, 'para')
    })
    const content = await waitServerHas(api, opts.room, c.doc, 'the server content to show the client\'s edits')

    // Kinds without hints: inferred from the content, and flagged as such.
    const inferred = await api.request('GET', opts.room, 'content')
    const roots = inferred.json.roots
    const kinds = Object.fromEntries(Object.entries(roots).map(([k, v]) => [k, `${v.kind}${v.inferred ? '?' : ''}`]))
    const expectedKinds = { text: 'Text?', map: 'Map?', array: 'Array?', xml: 'XmlFragment?' }
    for (const [name, kind] of Object.entries(expectedKinds)) {
      if (kinds[name] !== kind) fail(`inferred kinds ${JSON.stringify(kinds)}, expected ${JSON.stringify(expectedKinds)}`)
    }
    if (roots.text.value !== c.doc.getText('text').toString()) fail(`inferred text root ${JSON.stringify(roots.text.value)}`)
    if (content.roots.text.inferred !== false) fail('a root named in types= must not be flagged as inferred')

    const delta = await api.content(opts.room, 'delta')
    if (canonicalJson(delta.roots.text.value) !== canonicalJson(c.doc.getText('text').toDelta())) {
      fail(`delta ${JSON.stringify(delta.roots.text.value)} vs client ${JSON.stringify(c.doc.getText('text').toDelta())}`)
    }
    const xml = await api.content(opts.room, 'xml')
    if (xml.roots.xml.value !== c.doc.getXmlFragment('xml').toString()) {
      fail(`xml ${JSON.stringify(xml.roots.xml.value)} vs client ${JSON.stringify(c.doc.getXmlFragment('xml').toString())}`)
    }
    return { kinds, text: roots.text.value }
  } finally {
    c.destroy()
  }
}

const SERVER_OPS = [
  { op: 'text.insert', root: 'text', index: 0, text: 'Server says hi' },
  { op: 'text.format', root: 'text', index: 0, length: 6, attributes: { bold: true } },
  { op: 'text.append', root: 'text', text: '!', attributes: { italic: true } },
  { op: 'map.set', root: 'map', key: 'status', value: { state: 'published', tags: ['a', 'b'], n: 3 } },
  { op: 'array.push', root: 'array', values: [1, 'two', null, { x: 1.5 }] },
  { op: 'array.insert', root: 'array', index: 0, values: ['first'] },
  {
    op: 'xml.insert',
    root: 'xml',
    index: 0,
    nodes: [{ element: 'p', attributes: { class: 'note' }, children: [{ text: 'from the server' }] }, { element: 'hr' }]
  },
  { op: 'xml.setAttribute', root: 'xml', path: [1], name: 'data-x', value: 'y' }
]

const editsReachEveryClient = async (opts, api) => {
  const clients = [0, 1].map((i) => new Client(opts.url, opts.room, { name: `client${i}` }))
  try {
    await Promise.all(clients.map((c) => c.synced()))
    const answer = await api.edits(opts.room, SERVER_OPS)
    if (answer.changed !== true || typeof answer.stateVector !== 'string') fail(`edits answer ${JSON.stringify(answer)}`)
    const expected = {
      text: 'Server says hi!',
      delta: [{ insert: 'Server', attributes: { bold: true } }, { insert: ' says hi' }, { insert: '!', attributes: { italic: true } }],
      map: { status: { state: 'published', tags: ['a', 'b'], n: 3 } },
      array: ['first', 1, 'two', null, { x: 1.5 }],
      xml: '<p class="note">from the server</p><hr data-x="y"></hr>'
    }
    for (const c of clients) {
      await waitFor(`${c.name} to receive the server's edits`, () => c.doc.getText('text').toString() === expected.text &&
        c.doc.getXmlFragment('xml').toString() === expected.xml, 15000,
      () => `${c.name}: ${JSON.stringify(clientJson(c.doc))}`)
      const got = { text: c.doc.getText('text').toString(), delta: c.doc.getText('text').toDelta(), map: c.doc.getMap('map').toJSON(), array: c.doc.getArray('array').toJSON(), xml: c.doc.getXmlFragment('xml').toString() }
      if (canonicalJson(got) !== canonicalJson(expected)) fail(`${c.name} shows ${canonicalJson(got)}\nexpected ${canonicalJson(expected)}`)
      if (stateVectorOf(c.doc) !== answer.stateVector) fail(`${c.name}'s state vector ${stateVectorOf(c.doc)} differs from the edit's answer ${answer.stateVector}`)
    }
    const d = difference(clients[0].doc, clients[1].doc)
    if (d !== null) fail(`clients differ: ${d}`)
    // a client that joins later gets the edit from the store
    const late = new Client(opts.url, opts.room, { name: 'late' })
    try {
      await late.synced()
      const dl = difference(late.doc, clients[0].doc)
      if (dl !== null) fail(`late joiner differs: ${dl}`)
    } finally {
      late.destroy()
    }
    return { stateVector: answer.stateVector }
  } finally {
    clients.forEach((c) => c.destroy())
  }
}

const concurrentEditsConverge = async (opts, api) => {
  const prng = new Prng(opts.seed)
  const clients = [0, 1, 2].map((i) => new Client(opts.url, opts.room, { name: `client${i}` }))
  try {
    await Promise.all(clients.map((c) => c.synced()))
    let serverEdits = 0
    const server = (async () => {
      const p = prng.fork(99)
      for (let i = 0; i < 25; i++) {
        const ops = [
          { op: 'text.append', root: 'text', text: `[s${i}]` },
          { op: 'map.set', root: 'map', key: `server${p.int(0, 5)}`, value: i },
          { op: 'array.push', root: 'array', values: [`s${i}`] },
          { op: 'xml.insert', root: 'xml', index: 0, nodes: [{ element: 'li', attributes: { id: `s${i}` }, children: [{ text: `s${i}` }] }] }
        ]
        await api.edits(opts.room, [ops[p.int(0, ops.length - 1)], ops[p.int(0, ops.length - 1)]])
        serverEdits++
        await sleep(p.int(0, 15))
      }
    })()
    await Promise.all([server, ...clients.map((c, i) => randomEdits(c, prng.fork(i), 120))])
    // clients converge with each other ...
    await waitFor('the clients to converge', () => difference(clients[0].doc, clients[1].doc) === null && difference(clients[1].doc, clients[2].doc) === null, 30000,
      () => `${difference(clients[0].doc, clients[1].doc) ?? ''} / ${difference(clients[1].doc, clients[2].doc) ?? ''}`)
    // ... and with the server's document
    const content = await waitServerHas(api, opts.room, clients[0].doc, 'the server document to equal the clients\'')
    const markers = (clients[0].doc.getText('text').toString().match(/\[s\d+\]/g) ?? []).length
    const arrayMarkers = clients[0].doc.getArray('array').toJSON().filter((v) => typeof v === 'string' && /^s\d+$/.test(v)).length
    if (content.pending) fail('the server document has pending structs')
    return { serverEdits, textMarkers: markers, arrayMarkers }
  } finally {
    clients.forEach((c) => c.destroy())
  }
}

const invalidEditsChangeNothing = async (opts, api) => {
  const c = new Client(opts.url, opts.room, { name: 'watcher' })
  try {
    await c.synced()
    c.doc.getText('text').insert(0, 'abc')
    c.doc.getMap('map').set('k', 1)
    const before = await waitServerHas(api, opts.room, c.doc, 'the server to hold the client\'s text')
    const svBefore = await api.stateVector(opts.room)
    let updates = 0
    c.doc.on('update', (_u, origin) => { if (origin === c.provider) updates++ })

    const cases = [
      { ops: [{ op: 'text.insert', root: 'text', index: 0, text: 'ok' }, { op: 'text.insert', root: 'text', index: 99, text: 'x' }], operation: 1, why: 'past the end' },
      { ops: [{ op: 'text.frobnicate', root: 'text' }], operation: 0, why: 'unknown operation' },
      { ops: [{ op: 'map.set', root: 'text', key: 'a', value: 1 }], operation: 0, why: 'is a Text' },
      { ops: [{ op: 'text.delete', root: 'text', index: 1, length: 5 }], operation: 0, why: 'past the end' },
      { ops: [{ op: 'array.push', root: 'array', values: 'not-a-list' }], operation: 0, why: 'must be an array' },
      { ops: [{ op: 'text.insert', root: 'text', index: -1, text: 'x' }], operation: 0, why: 'non-negative integer' },
      { ops: [{ op: 'map.set', root: 'map', key: 'k2', value: 2 }, { op: 'text.insert', root: 'map', index: 0, text: 'x' }], operation: 1, why: 'is a Map' },
      { ops: [{ op: 'xml.insert', root: 'xml', index: 0, nodes: [{ element: 'p' }] }, { op: 'xml.setAttribute', root: 'xml', path: [5], name: 'a', value: 'b' }], operation: 1, why: 'does not lead to an element' }
    ]
    const answers = []
    for (const k of cases) {
      const r = await api.request('POST', opts.room, 'edits', { body: k.ops })
      if (r.status !== 400) fail(`invalid edits ${JSON.stringify(k.ops)} answered ${r.status}: ${r.text}`)
      if (r.json?.operation !== k.operation || !String(r.json?.error).includes(k.why)) {
        fail(`invalid edits ${JSON.stringify(k.ops)}: expected operation ${k.operation} and '${k.why}', got ${r.text}`)
      }
      answers.push(r.json)
    }
    const notJson = await api.request('POST', opts.room, 'edits', { body: '{"op": ' })
    if (notJson.status !== 400 || notJson.json?.operation !== null) fail(`malformed JSON answered ${notJson.status}: ${notJson.text}`)

    const after = await api.content(opts.room)
    if (after.stateVector !== before.stateVector) fail(`state vector changed by rejected edits: ${before.stateVector} → ${after.stateVector}`)
    if (await api.stateVector(opts.room) !== svBefore) fail('the stored state vector changed')
    if (canonicalJson(serverJson(after)) !== canonicalJson(serverJson(before))) fail(`content changed: ${canonicalJson(serverJson(after))}`)

    // A valid edit afterwards is the only thing the client ever receives from the server.
    await api.edits(opts.room, [{ op: 'text.append', root: 'text', text: '!' }])
    await waitFor('the valid edit to reach the client', () => c.doc.getText('text').toString() === 'abc!', 15000,
      () => JSON.stringify(c.doc.getText('text').toString()))
    if (updates !== 1) fail(`the client received ${updates} updates from the server; expected only the valid edit`)
    if (c.doc.getMap('map').has('k2') || c.doc.getXmlFragment('xml').length !== 0) fail('a rejected request was partly applied')
    return { rejected: answers.length + 1 }
  } finally {
    c.destroy()
  }
}

const edit = async (opts, api) => api.edits(opts.room, [{ op: 'text.append', root: 'text', text: `edit-${opts.seed}` }, { op: 'map.set', root: 'map', key: `seed${opts.seed}`, value: opts.seed }])

const readContent = async (opts, api) => api.content(opts.room)

const SCENARIOS = {
  'content-shows-client-edits': contentShowsClientEdits,
  'edits-reach-every-client': editsReachEveryClient,
  'concurrent-edits-converge': concurrentEditsConverge,
  'invalid-edits-change-nothing': invalidEditsChangeNothing,
  edit,
  'read-content': readContent
}

const main = async () => {
  const opts = parseArgs(process.argv.slice(2))
  const scenario = SCENARIOS[opts.scenario]
  if (scenario === undefined) throw new Error(`unknown scenario ${opts.scenario}; known: ${Object.keys(SCENARIOS).join(', ')}`)
  log(`${opts.scenario} on room '${opts.room}' (seed ${opts.seed})`)
  const result = await withTimeout(opts.scenario, scenario(opts, new Api(opts)), 90000)
  process.stdout.write(`OK ${JSON.stringify(result)}\n`)
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`FAIL ${process.argv[2]}: ${error instanceof ScenarioFailure ? error.message : error.stack}\n`)
  process.exit(1)
})

// Read-only token proof with real y-websocket clients (used by ReadOnlyInteropTests).
//   node e2e/readonly.mjs edit  URL ROOM WRITE_TOKEN READ_TOKEN   -> one JSON line: what each client saw
//   node e2e/readonly.mjs check URL ROOM TOKEN                    -> one JSON line: the room's text for a fresh client
// The reader edits locally; its update must go nowhere (the server answers permission-denied once), while the
// writer's edits and awareness reach it and the reader's awareness reaches the writer.
import { Client } from './client.mjs'
import { waitFor, ScenarioFailure } from './util.mjs'

const [mode, url, room, tokenA, tokenB] = process.argv.slice(2)
const TIMEOUT = 15000

const denied = []
const originalWarn = console.warn
// y-websocket reports permission-denied through console.warn ("Permission denied to access <url>.\n<reason>").
console.warn = (...args) => {
  const text = args.join(' ')
  if (text.includes('Permission denied')) denied.push(text)
  else originalWarn(...args)
}

const textOf = (client) => client.doc.getText('text').toString()

const edit = async () => {
  const writer = new Client(url, room, { name: 'writer', params: { token: tokenA }, awareness: { user: 'writer' } })
  const reader = new Client(url, room, { name: 'reader', params: { token: tokenB }, awareness: { user: 'reader' } })
  await writer.synced(TIMEOUT)
  await reader.synced(TIMEOUT)

  reader.doc.getText('text').insert(0, 'from-reader;')
  await waitFor('the permission-denied message', () => denied.length > 0, TIMEOUT)
  reader.doc.getText('text').insert(0, 'again-from-reader;')

  writer.doc.getText('text').insert(0, 'from-writer;')
  await waitFor('the writer\'s edit at the reader', () => textOf(reader).includes('from-writer;'), TIMEOUT)
  const readerSeenByWriter = await waitFor('the reader\'s awareness at the writer', () => {
    for (const state of writer.awareness.getStates().values()) if (state.user === 'reader') return true
    return false
  }, TIMEOUT)

  // A fresh client syncs from the server only: what the server holds.
  const fresh = new Client(url, room, { name: 'fresh', params: { token: tokenA } })
  await fresh.synced(TIMEOUT)
  // The writer's next edit arrives after anything the reader's updates could have caused.
  writer.doc.getText('text').insert(0, 'barrier;')
  await waitFor('the barrier edit at the fresh client', () => textOf(fresh).includes('barrier;'), TIMEOUT)

  const result = {
    writerText: textOf(writer),
    readerText: textOf(reader),
    freshText: textOf(fresh),
    permissionDenied: denied.length,
    deniedMessage: denied[0] ?? null,
    readerAwarenessAtWriter: readerSeenByWriter === true,
    readerConnected: reader.provider.wsconnected,
    readerCloses: reader.closes
  }
  for (const c of [writer, reader, fresh]) c.disconnect()
  return result
}

const check = async () => {
  const client = new Client(url, room, { name: 'checker', params: { token: tokenA } })
  await client.synced(TIMEOUT)
  const result = { text: textOf(client) }
  client.disconnect()
  return result
}

try {
  const result = mode === 'edit' ? await edit() : await check()
  process.stdout.write(JSON.stringify(result) + '\n')
  process.exit(0)
} catch (error) {
  process.stderr.write((error instanceof ScenarioFailure ? error.message : error.stack) + '\n')
  process.exit(1)
}

// Hocuspocus 3.x with a small file persistence (one file per document, written atomically with fsync),
// for the server benchmarks. Usage: node hocuspocus-server.mjs <port> <storeDir>
// Hocuspocus stores debounced (its defaults: 2 s debounce, 10 s max) and immediately when a document
// unloads; SIGTERM closes every connection, which stores and unloads every document, then exits.
import { Server } from '@hocuspocus/server'
import { Database } from '@hocuspocus/extension-database'
import fs from 'node:fs'
import path from 'node:path'

const port = Number(process.argv[2] || 1234)
const dir = process.argv[3] || './hocuspocus-data'
fs.mkdirSync(dir, { recursive: true })
const fileOf = (name) => path.join(dir, encodeURIComponent(name) + '.ydoc')

const server = new Server({
  port,
  address: '127.0.0.1',
  quiet: true,
  extensions: [
    new Database({
      fetch: async ({ documentName }) => {
        try { return new Uint8Array(await fs.promises.readFile(fileOf(documentName))) } catch (e) {
          if (e.code === 'ENOENT') return null
          throw e
        }
      },
      store: async ({ documentName, state }) => {
        const file = fileOf(documentName)
        const tmp = file + '.tmp'
        const fh = await fs.promises.open(tmp, 'w')
        try { await fh.writeFile(state); await fh.sync() } finally { await fh.close() }
        await fs.promises.rename(tmp, file)
      }
    })
  ]
})

await server.listen()
console.log(`hocuspocus listening on ws://127.0.0.1:${port}`)
let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  const t = setTimeout(() => process.exit(1), 10000)
  t.unref()
  try { await server.destroy() } finally { process.exit(0) }
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)

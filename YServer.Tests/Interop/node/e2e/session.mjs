// A scenario's resources: its seeded PRNG, unique room names and every client it opened, all
// destroyed when the scenario ends, pass or fail.
import { Client } from './client.mjs'
import { Prng, log } from './util.mjs'

let sessions = 0

export class Session {
  constructor (name, url, { seed = 1 } = {}) {
    this.name = name
    this.url = url
    this.seed = seed >>> 0
    this.prng = new Prng(this.seed)
    this.clients = []
    // unique per run so scenarios never meet old documents on a server that outlives them
    this.runTag = `${process.pid.toString(36)}${Date.now().toString(36)}${(sessions++).toString(36)}`
  }

  /** A room name no other run uses: `<scenario>-<tag>[-suffix]`. */
  room (suffix = '') {
    return `${this.name}-${this.runTag}${suffix === '' ? '' : `-${suffix}`}`
  }

  client (room, options = {}) {
    const client = new Client(this.url, room, { name: `client${this.clients.length}`, ...options })
    this.clients.push(client)
    return client
  }

  log (...args) {
    log(`${this.name}:`, ...args)
  }

  close () {
    for (const c of this.clients) {
      try {
        c.destroy()
      } catch {
        // a destroyed or half-open client must not hide the scenario's own result
      }
    }
    this.clients = []
  }
}

/** Runs `body(session)` and always closes the session. */
export const withSession = async (name, url, options, body) => {
  const session = new Session(name, url, options)
  try {
    return await body(session)
  } finally {
    session.close()
  }
}

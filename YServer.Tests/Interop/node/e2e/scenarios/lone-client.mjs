// A client alone in its room stays connected: y-websocket closes and reconnects when it has heard
// nothing for 30 s. Alone, a client hears only what the server echoes back to it: the reference
// server echoes its awareness renewals (every 15 s) and its own document updates.
import { withSession } from '../session.mjs'
import { fail, sleep } from '../util.mjs'

const stayConnected = async (s, client, durationMs, tick) => {
  await client.synced()
  client.doc.getText('text').insert(0, 'alone')
  const started = Date.now()
  let ticks = 0
  while (Date.now() - started < durationMs) {
    if (client.opens !== 1 || client.closes !== 0) {
      fail(`${client.name} reconnected after ${Date.now() - started} ms alone: ${client.opens} opens, ` +
        `${client.closes} closes, statuses ${client.statuses.join(',')}`)
    }
    await sleep(500)
    if (tick !== null && Math.floor((Date.now() - started) / tick.everyMs) > ticks) tick.run(++ticks)
  }
  if (client.opens !== 1 || client.closes !== 0 || !client.provider.wsconnected) {
    fail(`${client.name} not continuously connected: ${client.opens} opens, ${client.closes} closes, statuses ${client.statuses.join(',')}`)
  }
  s.log(`${client.name} stayed connected for ${Date.now() - started} ms with one open`)
}

/** options: seed, durationMs (default 65000: two of the client's 30 s silence windows). */
export const loneClientStaysConnected = (url, options = {}) => withSession('lone', url, options, async (s) => {
  const client = s.client(s.room(), { name: 'lone client', awareness: { user: { name: 'lone' } } })
  await stayConnected(s, client, options.durationMs ?? 65000, null)
})

/**
 * An editor that shares no awareness state (presence turned off) and types every 5 s: the only
 * traffic it can hear is the echo of its own updates, which the reference server sends.
 * options: seed, durationMs (default 65000).
 */
export const loneEditorWithoutAwarenessStaysConnected = (url, options = {}) => withSession('lone-editor', url, options, async (s) => {
  const client = s.client(s.room(), { name: 'lone editor without awareness', awareness: null })
  const text = client.doc.getText('text')
  await stayConnected(s, client, options.durationMs ?? 65000, { everyMs: 5000, run: (n) => text.insert(text.length, ` ${n}`) })
})

// A client alone in its room stays connected: y-websocket closes and reconnects when it has heard
// nothing for 30 s, and alone it only hears the echo of its own awareness renewal (every 15 s).
import { withSession } from '../session.mjs'
import { fail, sleep } from '../util.mjs'

/** options: seed, durationMs (default 65000: two of the client's 30 s silence windows). */
export const loneClientStaysConnected = (url, options = {}) => withSession('lone', url, options, async (s) => {
  const durationMs = options.durationMs ?? 65000
  const client = s.client(s.room(), { name: 'lone', awareness: { user: { name: 'lone' } } })
  await client.synced()
  client.doc.getText('text').insert(0, 'alone')
  const started = Date.now()
  while (Date.now() - started < durationMs) {
    if (client.opens !== 1 || client.closes !== 0) {
      fail(`lone client reconnected after ${Date.now() - started} ms: ${client.opens} opens, ` +
        `${client.closes} closes, statuses ${client.statuses.join(',')}`)
    }
    await sleep(500)
  }
  if (client.opens !== 1 || client.closes !== 0 || !client.provider.wsconnected) {
    fail(`lone client not continuously connected: ${client.opens} opens, ${client.closes} closes, statuses ${client.statuses.join(',')}`)
  }
  s.log(`stayed connected for ${Date.now() - started} ms with one open`)
})

// Token expiry with a real y-websocket 3.1 client (used by TokenRefreshInteropTests).
//   node e2e/token-refresh.mjs URL ROOM SHORT_TOKEN FRESH_TOKEN  -> "synced", then one JSON line
// The test moves the server's (fake) clock past SHORT_TOKEN's expiry once it has read "synced".
// The server closes the connection with 4401 when SHORT_TOKEN expires. y-websocket 3.1 treats 4400-4499 as final:
// it emits 'closed' and stops reconnecting. The handler sets the fresh token and calls connect(), as README advises.
import { Client } from './client.mjs'
import { waitFor, withTimeout, ScenarioFailure } from './util.mjs'

const [url, room, shortToken, freshToken] = process.argv.slice(2)
const TIMEOUT = 20000

try {
  const client = new Client(url, room, { name: 'refresher', params: { token: shortToken } })
  const closing = new Promise((resolve) => {
    client.provider.once('closed', (event) => {
      client.provider.params.token = freshToken
      client.provider.connect()
      resolve(event)
    })
  })
  await client.synced(TIMEOUT)
  process.stdout.write('synced\n')
  const closed = await withTimeout('the 4401 close at token expiry', closing, TIMEOUT)
  await client.synced(TIMEOUT)
  client.doc.getText('text').insert(0, 'after-refresh')
  const checker = new Client(url, room, { name: 'checker', params: { token: freshToken } })
  await waitFor('the edit made after the refresh at another client',
    () => checker.doc.getText('text').toString() === 'after-refresh', TIMEOUT)
  process.stdout.write(JSON.stringify({ code: closed.code, reason: closed.reason, opens: client.opens }) + '\n')
  client.disconnect()
  checker.disconnect()
  process.exit(0)
} catch (error) {
  process.stderr.write((error instanceof ScenarioFailure ? error.message : error.stack) + '\n')
  process.exit(1)
}

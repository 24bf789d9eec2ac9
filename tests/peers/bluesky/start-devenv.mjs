// Full local Bluesky network via @atproto/dev-env TestNetwork: PLC (in-memory),
// PDS (sqlite), Bsky AppView + bsync + ozone (postgres + redis).
// Started by ci-devenv.sh. Run: DB_POSTGRES_URL=postgres://pg@127.0.0.1:5433/bsky REDIS_HOST=127.0.0.1:6380 \
//      node --require ./loopback.cjs start-devenv.mjs
import { TestNetwork } from '@atproto/dev-env'

// Ports from DEVENV_PORT_BASE (default 2592): PLC +0, PDS +1, AppView +2, ozone +5.
const base = parseInt(process.env.DEVENV_PORT_BASE || '2592', 10)
const t0 = Date.now()
const network = await TestNetwork.create({
  dbPostgresSchema: process.env.DB_POSTGRES_SCHEMA || 'devenv',
  plc: { port: base },
  pds: { port: base + 1, hostname: 'localhost', enableDidDocWithSession: true },
  bsky: { port: base + 2, publicUrl: `http://localhost:${base + 2}` },
  ozone: { port: base + 5, chatUrl: `http://localhost:${base - 2}`, chatDid: 'did:example:chat' },
})
console.log(`READY pds=${network.pds.url} appview=${network.bsky.url} plc=${network.plc.url} (${Date.now() - t0} ms)`)

// The AppView indexes the PDS firehose asynchronously; tests poll the AppView.
let stopping = false
const shutdown = async () => {
  if (stopping) return
  stopping = true
  await network.close()
  process.exit(0)
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)

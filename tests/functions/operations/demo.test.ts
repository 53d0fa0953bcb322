import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { eventually } from '../../helpers/eventually.ts'
import { freePort, REPO_ROOT } from '../../e2e/helpers/server.ts'

/**
 * npm run demo on a fresh embedded database: it seeds the firm, prints the accounts and the
 * password, starts the portal, and a printed account signs in through the API with the e-mail
 * code the demo prints in its console. The refusals: an external database, a foreign database.
 */
// The demo always runs on its own embedded PostgreSQL: once is enough (not again per database server).
const external = inject('database').name !== 'embedded'
if (external) console.log('demo.test.ts: skipped in this project — the demo uses its own embedded database, tested in db-embedded')

let dataDir: string
let base: string
let child: ChildProcess
let output = ''
/** Everything the running demo printed so far. */
let runningOutput: () => string = () => ''

function runDemo(env: Record<string, string>, args: string[] = []) {
  const p = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: '', DATABASE_OWNER_URL: '', WEB_BUILD: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  p.stdout!.on('data', (c: Buffer) => (out += c.toString()))
  p.stderr!.on('data', (c: Buffer) => (out += c.toString()))
  const exit = new Promise<number | null>((resolve) => p.once('exit', (code) => resolve(code)))
  return { p, out: () => out, exit }
}

beforeAll(async () => {
  if (external) return
  dataDir = await mkdtemp(path.join(tmpdir(), 'portal-demo-'))
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  const demo = runDemo({ DATA_DIR: dataDir, PORT: String(port) })
  child = demo.p
  runningOutput = demo.out
  const healthy = await eventually(async () => {
    output = demo.out()
    if (child.exitCode !== null) return true
    return (await fetch(`${base}/health`).catch(() => undefined))?.status === 200
  }, 110_000)
  output = demo.out()
  expect(healthy && child.exitCode === null, `the demo did not start:\n${output.slice(-3000)}`).toBe(true)
}, 120_000)
afterAll(async () => {
  if (external) return
  if (child && child.exitCode === null) {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
  await rm(dataDir, { recursive: true, force: true })
})

const cookieFrom = (res: Response, name: string) => {
  const line = res.headers.getSetCookie().find((c) => c.includes(`portal_${name}=`) && !/Max-Age=0/i.test(c))
  return line?.split(';')[0]
}
const post = (p: string, body: unknown, cookie?: string) =>
  fetch(`${base}/functions/v1/auth${p}`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) })

describe.skipIf(external)('npm run demo', () => {
  it('prints the seeded accounts and the password; one signs in with the e-mail code shown in the console', async () => {
    const accounts = [...output.matchAll(/^ {2}(\S+@\S+\.example)\s+(.+)$/gm)].map((m) => m[1]!)
    expect(accounts).toHaveLength(9)
    const password = /dem Passwort\s+(\S+)/.exec(output)?.[1]
    expect(password).toBeTruthy()
    const lawyer = accounts.find((a) => a.startsWith('anna.berger'))!

    const first = await post('/sign-in', { email: lawyer, password })
    const step = (await first.json()) as { next: string; methods: string[] }
    expect(step.next).toBe('second_factor')
    expect(step.methods).toContain('email')
    const challenge = cookieFrom(first, 'challenge')!
    expect((await post('/sign-in/code', {}, challenge)).status).toBe(200)
    const code = await eventually(async () => new RegExp(`Mail an ${lawyer.replace('.', '\\.')}[\\s\\S]*?│\\s+(\\d{6})\\s*$`, 'm').exec(runningOutput())?.[1], 15_000)
    expect(code, runningOutput().slice(-1500)).toMatch(/^\d{6}$/)

    const done = await post('/sign-in/factor', { method: 'email', code }, challenge)
    expect(done.status).toBe(200)
    const session = cookieFrom(done, 'session')!
    const clients = await fetch(`${base}/functions/v1/clients`, { headers: { cookie: session } })
    expect(clients.status).toBe(200)
    const names = ((await clients.json()) as { clients: { name: string }[] }).clients.map((c) => c.name).sort()
    expect(names).toEqual(['Müller Bau GmbH', 'Petra Schmidt', 'Yılmaz Logistik KG'])
  })

  it('refuses an external database without --force', async () => {
    const demo = runDemo({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://authenticator:x@127.0.0.1:9/portal', DATABASE_OWNER_URL: 'postgres://owner:x@127.0.0.1:9/portal' })
    expect(await demo.exit).toBe(5)
    expect(demo.out()).toContain('DATABASE_URL is set')
  })

  it('refuses a database holding accounts it did not seed, after the demo stopped', async () => {
    child.kill('SIGTERM')
    expect(await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)))).toBe(0)
    await unlink(path.join(dataDir, 'demo.json'))
    const demo = runDemo({ DATA_DIR: dataDir, PORT: String(await freePort()) })
    expect(await demo.exit).toBe(5)
    expect(demo.out()).toMatch(/already holds 9 account\(s\)/)
  }, 60_000)
})

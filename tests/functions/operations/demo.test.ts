import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { eventually } from '../../helpers/eventually.ts'
import { freePort, REPO_ROOT } from '../../e2e/helpers/server.ts'
import { demoPassword } from '../../../scripts/demo-seed.ts'

/**
 * npm run demo on a fresh embedded database: it seeds the firm, prints the accounts and the
 * password, starts the portal, and a printed account signs in through the API with the e-mail
 * code the demo prints in its console. The password is generated per seed and printed once. The
 * refusals, with or without --force: an external database, a foreign database.
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
    // Generated for this seed (no committed password that anyone with the source knows), shown once.
    expect(password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/)
    expect(password).not.toBe('Sonnenblume-Aktenordner-Demo-42')
    expect(output).toContain('nur dieses eine Mal angezeigt')
    expect(await readFile(path.join(dataDir, 'demo.json'), 'utf8')).not.toContain(password!)
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

  it('generates another password for every seed', () => {
    const passwords = new Set(Array.from({ length: 20 }, demoPassword))
    expect(passwords.size).toBe(20)
  })

  it('refuses an external database, with --force too', async () => {
    const external = { DATA_DIR: dataDir, DATABASE_URL: 'postgres://authenticator:x@127.0.0.1:9/portal', DATABASE_OWNER_URL: 'postgres://owner:x@127.0.0.1:9/portal' }
    for (const args of [[], ['--force']]) {
      const demo = runDemo(external, args)
      expect(await demo.exit, args.join(' ')).toBe(5)
      expect(demo.out(), args.join(' ')).toContain('DATABASE_URL is set')
    }
  })

  it('reuses its own firm without showing a password again; refuses a database holding accounts it did not seed, with --force too', async () => {
    child.kill('SIGTERM')
    expect(await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)))).toBe(0)

    const again = runDemo({ DATA_DIR: dataDir, PORT: String(await freePort()) })
    const shown = await eventually(async () => (again.out().includes('Beenden mit Strg+C') || again.p.exitCode !== null ? again.out() : undefined), 40_000)
    again.p.kill('SIGTERM')
    await again.exit
    expect(shown, again.out().slice(-2000)).toContain('wird wiederverwendet')
    expect(shown).not.toMatch(/dem Passwort\s+[A-Za-z0-9]{5}-/)

    await unlink(path.join(dataDir, 'demo.json'))
    for (const args of [[], ['--force']]) {
      const demo = runDemo({ DATA_DIR: dataDir, PORT: String(await freePort()) }, args)
      expect(await demo.exit, args.join(' ')).toBe(5)
      expect(demo.out(), args.join(' ')).toMatch(args.length ? /--force is not accepted/ : /already holds 9 account\(s\)/)
    }
  }, 100_000)
})

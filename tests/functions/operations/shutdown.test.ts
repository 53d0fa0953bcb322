import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { withDatabase } from '../../setup/database-template.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { eventually } from '../../helpers/eventually.ts'
import { createPersona, signInAs } from '../../helpers/personas.ts'
import { freePort, REPO_ROOT } from '../../e2e/helpers/server.ts'

/**
 * Graceful shutdown of the real server process (`npm start`'s entry) on this file's database:
 * SIGTERM while an upload streams in → the upload completes and is stored, a new request is
 * refused, the process exits 0.
 */
let ctx: TestContext
let child: ChildProcess
let output = ''
let base = ''
const pepper = randomBytes(32).toString('hex')
const masterKey = randomBytes(32).toString('hex')

beforeAll(async () => {
  ctx = await createTestContext()
  // The server and the test share the secrets, so sessions made here are valid there.
  ctx.runtime.secrets.sessionPepper = Buffer.from(pepper, 'utf8')
  ctx.runtime.secrets.fileMasterKey = Buffer.from(masterKey, 'hex')
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  child = spawn(process.execPath, ['--import', 'tsx', 'functions/_server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_OWNER_URL: withDatabase(inject('database').ownerUrl, ctx.name),
      DATABASE_URL: ctx.appUrl,
      SESSION_PEPPER: pepper,
      FILE_MASTER_KEY: masterKey,
      DATA_DIR: ctx.dataDir,
      PORT: String(port),
      WEB_BUILD: 'false',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_SECONDS: '30',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
  const healthy = await eventually(async () => {
    if (child.exitCode !== null) return true
    return (await fetch(`${base}/health`).catch(() => undefined))?.status === 200
  }, 60_000)
  expect(healthy && child.exitCode === null, `the server did not become healthy:\n${output.slice(-3000)}`).toBe(true)
})
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  await ctx?.close()
})

const exitOf = (p: ChildProcess) => new Promise<number | null>((resolve) => (p.exitCode !== null ? resolve(p.exitCode) : p.once('exit', (code) => resolve(code))))

describe('SIGTERM', () => {
  it('lets a running upload finish, refuses new requests and exits 0', async () => {
    const staff = await createPersona(ctx, 'shutdown_staff', { kind: 'staff', admin: true })
    const cookie = await signInAs(ctx, staff)
    const [client] = await ctx.owner`insert into public.clients (name, created_by) values ('Shutdown KG', ${staff.id}) returning id`
    const chunk = Buffer.alloc(256 * 1024, 'Aktenvermerk zum Mandat. ')
    const parts = 8

    // A slow upload: the body arrives in parts; SIGTERM comes after the first part.
    const url = new URL(`${base}/functions/v1/documents?clientId=${client!.id}&filename=vermerk.txt`)
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', headers: { origin: base, cookie, 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      })
      req.on('error', reject)
      req.write(chunk)
      const exited = exitOf(child)
      void (async () => {
        await new Promise((r) => setTimeout(r, 300))
        child.kill('SIGTERM')
        // Wait until the server says it is shutting down, then try a new request on a new connection.
        expect(await eventually(async () => output.includes('shutting down'), 10_000)).toBe(true)
        const fresh = await fetch(`${base}/health`).then((r) => r.status, () => 'refused' as const)
        expect(fresh === 'refused' || fresh === 503, `new request during shutdown answered ${fresh}`).toBe(true)
        for (let i = 1; i < parts; i++) {
          req.write(chunk)
          await new Promise((r) => setTimeout(r, 100))
        }
        req.end()
        void exited
      })().catch(reject)
    })
    const answered = await response
    expect(answered.status, answered.body).toBe(201)
    expect(await exitOf(child)).toBe(0)
    expect(output).toContain('"msg":"stopped"')
    const [version] = await ctx.owner`select v.size from public.document_versions v join public.documents d on d.item_id = v.item_id where d.client_id = ${client!.id}`
    expect(Number(version!.size)).toBe(chunk.length * parts)
  })
})

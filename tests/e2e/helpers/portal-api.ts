import { readFile } from 'node:fs/promises'
import path from 'node:path'
import postgres from 'postgres'
import { expect } from 'vitest'
import { linkIn, type Mailbox } from './mailbox'
import type { PortalServer } from './server'

/** A JSON request to the portal as a same-origin page sends it (Origin for the CSRF guard). */
export async function apiCall(
  server: PortalServer,
  method: string,
  route: string,
  body?: unknown,
  cookie?: string,
): Promise<{ status: number; json: any; cookies: string[] }> {
  return functionCall(server, 'auth', method, route, body, cookie)
}

/** The same for the clients function (clients, members, projects, items, groups). */
export async function clientsCall(
  server: PortalServer,
  method: string,
  route: string,
  body?: unknown,
  cookie?: string,
): Promise<{ status: number; json: any; cookies: string[] }> {
  return functionCall(server, 'clients', method, route, body, cookie)
}

async function functionCall(
  server: PortalServer,
  fn: string,
  method: string,
  route: string,
  body?: unknown,
  cookie?: string,
): Promise<{ status: number; json: any; cookies: string[] }> {
  const response = await fetch(`${server.origin}/functions/v1/${fn}${route}`, {
    method,
    headers: {
      Origin: server.origin,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return {
    status: response.status,
    json: text ? JSON.parse(text) : undefined,
    cookies: response.headers.getSetCookie().map((line) => line.split(';')[0]!),
  }
}

export type Firm = { firmName: string; displayName: string; email: string; password: string }

/** The first-run setup through the API: the firm and its admin (who has no factor yet). */
export async function setUpFirm(server: PortalServer, firm: Firm): Promise<void> {
  const result = await apiCall(server, 'POST', '/setup', { ...firm, locale: 'de' })
  if (result.status !== 201) throw new Error(`setup failed: ${JSON.stringify(result.json)}`)
}

/** Signs in by password (an account without a factor gets an aal1 session); returns the cookie. */
export async function signInByApi(server: PortalServer, email: string, password: string) {
  const result = await apiCall(server, 'POST', '/sign-in', { email, password })
  if (result.status !== 200 || result.json.next !== 'done')
    throw new Error(`sign-in failed: ${JSON.stringify(result.json)}`)
  // The answer first clears any old session cookie, then sets the new one: keep the last.
  return result.cookies.filter((cookie) => /portal_session=./.test(cookie)).at(-1) ?? ''
}

/**
 * The portal's own PostgreSQL as its owner, for what a test cannot wait for (e.g. a deadline
 * three days ahead): the port from postmaster.pid, the password from the data directory.
 */
export async function ownerDatabase(server: PortalServer) {
  const pid = await readFile(path.join(server.dataDir, 'postgres', 'postmaster.pid'), 'utf8')
  const port = Number(pid.split('\n')[3])
  const password = (
    await readFile(path.join(server.dataDir, 'secrets', 'db-superuser-password'), 'utf8')
  ).trim()
  return postgres({ host: '127.0.0.1', port, user: 'postgres', password, db: 'postgres', max: 1 })
}

/**
 * The client "Alpha GmbH" with its owner: created by staff, the owner invited by mail and the
 * invitation accepted with the owner's password. Returns the client's id.
 */
export async function createClientWithOwner(
  server: PortalServer,
  mailbox: Mailbox,
  staffCookie: string,
  owner: { email: string; displayName: string; password: string },
): Promise<string> {
  const clientId = (await clientsCall(server, 'POST', '', { name: 'Alpha GmbH', kind: 'organisation' }, staffCookie)).json.id as string
  const member = { email: owner.email, displayName: owner.displayName, role: 'owner' }
  expect((await clientsCall(server, 'POST', `/${clientId}/members`, member, staffCookie)).status).toBe(201)
  const token = new URL(linkIn(await mailbox.take(owner.email, /Einladung/))).hash.slice(1)
  expect((await apiCall(server, 'POST', '/invitations/accept', { token, password: owner.password })).status).toBe(200)
  return clientId
}

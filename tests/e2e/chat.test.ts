import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { jwtVerify } from 'jose'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium, signedInPage, watchPage, type PageWatch } from './helpers/browser'
import { startMailbox, type Mailbox } from './helpers/mailbox'
import { FIRM, OWNER } from './helpers/people'
import { createClientWithOwner, setUpFirm, signInByApi } from './helpers/portal-api'
import { startPortal, type PortalServer } from './helpers/server'
import path from 'node:path'
import { DESKTOP_SIZE, PHONE_SIZE, SHOTS, shoot } from './helpers/shots'

const APP_ID = 'kanzleiportal'
const SECRET = 'ein-langes-geheimnis-nur-fuer-prosody-0123456789'

/**
 * A stand-in for the firm's Jitsi: a real Jitsi Meet (Prosody, Jicofo, videobridge) cannot run
 * on this machine, so a local HTTP server plays its part. It serves an external_api.js that
 * defines JitsiMeetExternalAPI the way the real one is called (domain, { roomName, jwt,
 * parentNode }) and opens an iframe on <domain>/<room>?jwt=… as the real one does; the stand-in
 * records each iframe request, so the test checks room and JWT as Jitsi's token check would.
 */
async function startJitsiStandIn(): Promise<{ origin: string; rooms: { room: string; jwt: string }[]; close(): Promise<void> }> {
  const rooms: { room: string; jwt: string }[] = []
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    if (url.pathname === '/external_api.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' })
      res.end(`window.JitsiMeetExternalAPI = function (domain, options) {
  var frame = document.createElement('iframe');
  frame.src = 'http://' + domain + '/' + encodeURIComponent(options.roomName) + '?jwt=' + encodeURIComponent(options.jwt);
  frame.title = 'Jitsi Meet';
  frame.allow = 'camera; microphone; display-capture';
  options.parentNode.appendChild(frame);
  window.__jitsi = { domain: domain, roomName: options.roomName, jwt: options.jwt, audioOnly: options.configOverwrite && options.configOverwrite.startAudioOnly };
  this.dispose = function () { frame.remove(); };
  this.addListener = function () {};
};`)
      return
    }
    rooms.push({ room: decodeURIComponent(url.pathname.slice(1)), jwt: url.searchParams.get('jwt') ?? '' })
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end('<!doctype html><title>Jitsi stand-in</title><body style="margin:0;background:#1c2430;color:#fff;font:16px sans-serif;display:grid;place-items:center;height:100vh">Jitsi-Platzhalter (Test)</body>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { origin, rooms, close: () => new Promise((r) => server.close(() => r())) }
}

describe.skipIf(!hasChromium())('live chat and calls with two browsers (client and lawyer)', () => {
  let server: PortalServer
  let mailbox: Mailbox
  let jitsi: Awaited<ReturnType<typeof startJitsiStandIn>>
  let browser: Browser
  let lawyer: Page
  let client: Page
  const watches: PageWatch[] = []

  beforeAll(async () => {
    jitsi = await startJitsiStandIn()
    mailbox = await startMailbox()
    server = await startPortal({ env: { SMTP_URL: mailbox.url, JITSI_URL: jitsi.origin, JITSI_APP_ID: APP_ID, JITSI_APP_SECRET: SECRET } })
    await setUpFirm(server, FIRM)
    const cookie = await signInByApi(server, FIRM.email, FIRM.password)
    await createClientWithOwner(server, mailbox, cookie, OWNER)
    // Office hours every day around the clock, so the test does not depend on the hour it runs.
    const spans = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opensAt: '00:00', closesAt: '23:59' }))
    const res = await fetch(`${server.origin}/functions/v1/chat/office-hours`, {
      method: 'PUT', headers: { Origin: server.origin, Cookie: cookie, 'Content-Type': 'application/json' }, body: JSON.stringify({ spans }),
    })
    expect(res.status).toBe(200)
    browser = await launchChromium()
    lawyer = await signedInPage(browser, server.origin, FIRM.email, FIRM.password, DESKTOP_SIZE)
    client = await signedInPage(browser, server.origin, OWNER.email, OWNER.password, DESKTOP_SIZE)
    watches.push(watchPage(lawyer, server.origin))
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await mailbox?.close()
    await jitsi?.close()
  })

  const lines = (page: Page) => page.locator('.chat-line:not(.chat-line--pending) .chat-line__body')

  it('a chat exchanges messages both ways in real time, with typing and read marks', async () => {
    // The lawyer has the queue open (and so counts as online); the client opens the panel.
    await lawyer.getByRole('link', { name: 'Chats' }).click()
    await lawyer.getByRole('heading', { name: 'Chats', level: 1 }).waitFor()
    await client.getByRole('button', { name: 'Chat mit der Kanzlei' }).click()
    await client.getByText('Die Kanzlei ist jetzt erreichbar.').waitFor()
    await client.getByLabel('Ihre Nachricht').fill('Guten Tag, ich habe eine Frage zur Gründung.')
    await client.getByRole('button', { name: 'Chat starten' }).click()
    await lines(client).filter({ hasText: 'eine Frage zur Gründung' }).waitFor()

    // The new chat appears in the lawyer's queue without reloading; the lawyer takes it over.
    await lawyer.locator('.chat-queue__entry', { hasText: 'Alpha GmbH' }).first().click()
    await lawyer.getByRole('button', { name: 'Übernehmen' }).click()
    await lines(lawyer).filter({ hasText: 'eine Frage zur Gründung' }).waitFor()
    await client.locator('[data-mark="read"]').first().waitFor()

    // Typing shows on the other side; the answer arrives live.
    await client.getByLabel('Nachricht', { exact: true }).pressSequentially('Und', { delay: 20 })
    await lawyer.getByText('Die Mandantin oder der Mandant schreibt …').waitFor()
    await client.getByLabel('Nachricht', { exact: true }).fill('')
    await lawyer.getByLabel('Nachricht', { exact: true }).fill('Gern – worum geht es genau?')
    await lawyer.getByRole('button', { name: 'Senden' }).click()
    await lines(client).filter({ hasText: 'worum geht es genau' }).waitFor()
    await client.getByLabel('Nachricht', { exact: true }).fill('Um die Stammeinlage.')
    await client.keyboard.press('Enter')
    await lines(lawyer).filter({ hasText: 'Um die Stammeinlage.' }).waitFor()
    await client.locator('.chat-line--mine [data-mark="delivered"], .chat-line--mine [data-mark="read"]').last().waitFor()
    await shoot(client, 'chat-panel')
    await shoot(lawyer, 'chat-queue')
  })

  it('the client’s network is cut and restored: messages sent meanwhile arrive exactly once', async () => {
    await client.context().setOffline(true)
    await client.getByText('Keine Verbindung.', { exact: false }).waitFor()
    const missed = ['Erste Nachricht während der Unterbrechung', 'Zweite Nachricht während der Unterbrechung', 'Dritte Nachricht während der Unterbrechung']
    for (const text of missed) {
      await lawyer.getByLabel('Nachricht', { exact: true }).fill(text)
      await lawyer.getByRole('button', { name: 'Senden' }).click()
      await lines(lawyer).filter({ hasText: text }).waitFor()
    }
    // Written by the client while offline: waits, then goes out once.
    await client.getByLabel('Nachricht', { exact: true }).fill('Offline geschrieben')
    await client.keyboard.press('Enter')
    await client.getByText('Wird gesendet …').waitFor()
    for (const text of missed) expect(await lines(client).filter({ hasText: text }).count()).toBe(0)

    await client.context().setOffline(false)
    for (const text of missed) await lines(client).filter({ hasText: text }).waitFor()
    await lines(lawyer).filter({ hasText: 'Offline geschrieben' }).waitFor()
    await client.getByText('Keine Verbindung.', { exact: false }).waitFor({ state: 'detached' })
    for (const text of [...missed, 'Offline geschrieben']) {
      expect(await lines(client).filter({ hasText: text }).count()).toBe(1)
      expect(await lines(lawyer).filter({ hasText: text }).count()).toBe(1)
    }
  })

  it('a call is started: the page embeds the IFrame API from JITSI_URL with the right room and a valid JWT', async () => {
    await lawyer.getByRole('button', { name: 'Videoanruf' }).click()
    await lawyer.waitForURL(/\/anruf\/[0-9a-f-]{36}$/)
    const callId = lawyer.url().split('/').at(-1)!
    await lawyer.locator('.call-frame iframe').waitFor()
    const embedded = await lawyer.evaluate(() => (window as unknown as { __jitsi: { domain: string; roomName: string; jwt: string } }).__jitsi)
    expect(embedded.domain).toBe(new URL(jitsi.origin).host)
    expect(embedded.roomName).toMatch(/^kanzlei-[0-9a-f]{32}$/)
    const secret = new TextEncoder().encode(SECRET)
    const { payload } = await jwtVerify(embedded.jwt, secret, { issuer: APP_ID, audience: APP_ID, subject: new URL(jitsi.origin).host })
    expect(payload.room).toBe(embedded.roomName)
    expect(payload.context).toMatchObject({ user: { name: FIRM.displayName, moderator: 'true' } })
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(600)
    // The iframe reached the (stand-in) Jitsi with exactly that room and token.
    expect(jitsi.rooms.at(-1)).toEqual({ room: embedded.roomName, jwt: embedded.jwt })
    await shoot(lawyer, 'call-page')

    // The client is invited in the portal and joins with one click — not as moderator.
    await client.getByText('Sie werden zu einem Anruf eingeladen.').waitFor()
    await client.getByRole('link', { name: 'Beitreten' }).click()
    await client.waitForURL(`${server.origin}/anruf/${callId}`)
    await client.locator('.call-frame iframe').waitFor()
    const joined = await client.evaluate(() => (window as unknown as { __jitsi: { roomName: string; jwt: string } }).__jitsi)
    expect(joined.roomName).toBe(embedded.roomName)
    const { payload: clientClaims } = await jwtVerify(joined.jwt, secret, { issuer: APP_ID, audience: APP_ID })
    expect(clientClaims.context).toMatchObject({ user: { name: OWNER.displayName, moderator: 'false' } })
    // The only foreign origin the portal page talked to is the firm's Jitsi (script and frame).
    for (const w of watches) expect(w.foreignRequests.every((url) => url.startsWith(`${jitsi.origin}/`))).toBe(true)
    expect(watches[0]!.errors).toEqual([])
  })

  it('the lawyer turns the chat into a request and sees the office hours screen', async () => {
    await lawyer.goto(`${server.origin}/chats`)
    await lawyer.locator('.chat-queue__entry', { hasText: 'Alpha GmbH' }).first().click()
    await lawyer.getByRole('button', { name: 'In Anfrage umwandeln' }).click()
    await lawyer.getByPlaceholder('Betreff').fill('Frage zur Stammeinlage')
    await lawyer.locator('.chat-convert').getByRole('button', { name: 'In Anfrage umwandeln' }).click()
    await lawyer.getByRole('link', { name: 'Anfrage öffnen' }).waitFor()
    await lawyer.goto(`${server.origin}/verwaltung/sprechzeiten`)
    await lawyer.getByRole('heading', { name: 'Sprechzeiten für den Chat' }).waitFor()
    expect(await lawyer.locator('#opens-1').inputValue()).toBe('00:00')
    await lawyer.locator('#closes-6').fill('12:30')
    await lawyer.getByRole('button', { name: 'Speichern' }).click()
    await lawyer.getByText('Die Sprechzeiten sind gespeichert.').waitFor()
    await shoot(lawyer, 'chat-office-hours')
  })

  it('on a phone the floating chat button leaves the last row of a list free', async () => {
    await client.setViewportSize(PHONE_SIZE)
    await client.goto(`${server.origin}/nachrichten`)
    await client.getByText('Frage zur Stammeinlage').first().waitFor()
    await client.locator('.chat-dock__toggle').waitFor()
    // Scrolled to the end: everything on the page (the list, the footer) ends above the button.
    const gap = await client.evaluate(() => {
      window.scrollTo(0, document.documentElement.scrollHeight)
      const dock = document.querySelector('.chat-dock')!
      const bottoms = [...document.body.querySelectorAll('*')]
        .filter((e) => !dock.contains(e) && e.getBoundingClientRect().height > 0)
        .map((e) => e.getBoundingClientRect().bottom)
      return dock.querySelector('.chat-dock__toggle')!.getBoundingClientRect().top - Math.max(...bottoms)
    })
    await client.screenshot({ path: path.join(SHOTS, 'chat-dock-phone.png') })
    await client.setViewportSize(DESKTOP_SIZE)
    expect(gap).toBeGreaterThanOrEqual(0)
  })
})

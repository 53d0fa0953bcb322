import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium, signedInPage, watchPage, type PageWatch } from './helpers/browser'
import { startMailbox, type Mailbox } from './helpers/mailbox'
import { createClientWithOwner, setUpFirm, signInByApi } from './helpers/portal-api'
import { startPortal, type PortalServer } from './helpers/server'
import { DESKTOP_SIZE, PHONE_SIZE, shoot } from './helpers/shots'
import { FIRM, OWNER, pdf } from './helpers/people'

const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots'
const TITLE = 'Ansässigkeitsbescheinigung 2025'
const EXAMPLE = 'Muster-Ansässigkeitsbescheinigung.pdf'


/** Desktop and phone screenshots of the page as it is now (to SHOTS_DIR, default /tmp/shots). */
const shot = (page: Page, name: string) => shoot(page, `request-example-${name}`, SHOTS)

describe.skipIf(!hasChromium())('document requests: the optional example file', () => {
  let server: PortalServer
  let mailbox: Mailbox
  let browser: Browser
  const contexts: BrowserContext[] = []
  const watches: PageWatch[] = []
  let staffCookie = ''
  let clientId = ''
  let requestId = ''

  beforeAll(async () => {
    mailbox = await startMailbox()
    server = await startPortal({ env: { SMTP_URL: mailbox.url } })
    await setUpFirm(server, FIRM)
    staffCookie = await signInByApi(server, FIRM.email, FIRM.password)
    clientId = await createClientWithOwner(server, mailbox, staffCookie, OWNER)
    browser = await launchChromium()
  }, 180_000)

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    await mailbox?.close()
  })

  async function signedIn(email: string, password: string, size = DESKTOP_SIZE): Promise<Page> {
    const page = await signedInPage(browser, server.origin, email, password, size)
    contexts.push(page.context())
    watches.push(watchPage(page, server.origin))
    return page
  }

  /** The client's documents as the firm sees them (the example is an ordinary document). */
  async function firmDocuments(): Promise<{ id: string; filename: string }[]> {
    const response = await fetch(`${server.origin}/functions/v1/documents?clientId=${clientId}`, { headers: { Cookie: staffCookie } })
    return ((await response.json()) as { documents: { id: string; filename: string }[] }).documents
  }

  async function fillForm(page: Page) {
    await page.goto(`${server.origin}/mandanten/${clientId}/anforderungen/neu`)
    await page.getByRole('heading', { level: 1, name: 'Unterlagen anfordern' }).waitFor()
    await page.getByLabel('Was wird benötigt?').fill(TITLE)
    await page.getByLabel('Hinweis (optional)').fill('Vom Bundeszentralamt für Steuern, im Original eingescannt.')
    // Refused before sending: a type the portal does not take.
    await page.getByLabel('Beispieldatei (optional)').setInputFiles({ name: 'muster.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') })
    await page.getByText('Dateityp nicht erlaubt: Dateien mit der Endung .exe nimmt das Portal nicht an.').waitFor()
    await page.getByRole('button', { name: 'muster.exe entfernen' }).click()
    await page.getByLabel('Beispieldatei (optional)').setInputFiles({ name: EXAMPLE, mimeType: 'application/pdf', buffer: pdf(40_000) })
    await page.getByText(EXAMPLE).waitFor()
  }

  it('a request whose creation fails takes its example back', async () => {
    const staff = await signedIn(FIRM.email, FIRM.password)
    await fillForm(staff)
    // The connection drops right when the request is sent (after the example went up).
    await staff.route('**/functions/v1/documents/requests', (route) => route.abort('connectionfailed'))
    const uploaded = staff.waitForResponse((r) => r.request().method() === 'POST' && /\/functions\/v1\/documents\?/.test(r.url()))
    const discarded = staff.waitForResponse((r) => /\/functions\/v1\/documents\/[0-9a-f-]{36}\/delete$/.test(r.url()))
    await staff.getByRole('button', { name: 'Anforderung senden' }).click()
    expect((await uploaded).status()).toBe(201)
    expect((await discarded).status()).toBe(200)
    await staff.getByText('Keine Verbindung zum Portal. Bitte prüfen Sie Ihre Internetverbindung.').waitFor()
    await staff.unroute('**/functions/v1/documents/requests')
    expect(await firmDocuments()).toEqual([])
  })

  it('staff attach an example; the client sees it on the request and opens it', async () => {
    const staff = await signedIn(FIRM.email, FIRM.password)
    await fillForm(staff)
    await shot(staff, 'new')
    await staff.getByRole('button', { name: 'Anforderung senden' }).click()
    await staff.waitForURL(/\/anforderungen\/[0-9a-f-]{36}$/)
    requestId = staff.url().split('/').at(-1)!
    await staff.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await staff.getByRole('link', { name: 'Beispiel ansehen' }).waitFor()
    await staff.getByText(EXAMPLE).waitFor()
    await shot(staff, 'staff')
    const [example] = await firmDocuments()
    expect(example).toMatchObject({ filename: EXAMPLE })

    const owner = await signedIn(OWNER.email, OWNER.password, PHONE_SIZE)
    await owner.goto(`${server.origin}/anforderungen/${requestId}`)
    await owner.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await owner.getByText(EXAMPLE).waitFor()
    await shot(owner, 'client')
    const opened = owner.context().waitForEvent('response', (response) => response.url().includes(`/documents/${example!.id}/file`))
    await owner.getByRole('link', { name: 'Beispiel ansehen' }).click()
    const response = await opened
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toBe('application/pdf')
    // The firm sees that the client opened the example.
    const receipts = await fetch(`${server.origin}/functions/v1/documents/${example!.id}/receipts`, { headers: { Cookie: staffCookie } })
    const owners = ((await receipts.json()) as { receipts: { displayName: string; firstDownloadedAt: string | null }[] }).receipts
    expect(owners.find((r) => r.displayName === OWNER.displayName)?.firstDownloadedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
    for (const watch of watches) {
      expect(watch.foreignRequests, 'requests to other origins').toEqual([])
      expect(watch.errors.filter((e) => !e.includes('ERR_CONNECTION_FAILED')), 'console errors').toEqual([])
    }
  })
})

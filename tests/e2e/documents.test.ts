import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, signIn } from './helpers/browser'
import { startFirm, type Firm } from './helpers/firm'
import type { PageSet } from './helpers/pages'
import { linkIn, type Mailbox } from './helpers/mailbox'
import { clientsCall } from './helpers/portal-api'
import type { PortalServer } from './helpers/server'
import { DESKTOP_SIZE, PHONE_SIZE } from './helpers/shots'
import { FIRM, OWNER } from './helpers/people'

const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots'
const REASON = 'Auf dem Ausweis fehlt die Rückseite.'

/** Desktop and phone screenshots of the page as it is now, for looking at every new screen. */
async function shot(page: Page, name: string) {
  await mkdir(SHOTS, { recursive: true })
  const before = page.viewportSize() ?? DESKTOP_SIZE
  for (const [suffix, size] of [['desktop', DESKTOP_SIZE], ['phone', PHONE_SIZE]] as const) {
    await page.setViewportSize(size)
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))))
    await page.screenshot({ path: path.join(SHOTS, `documents-${name}-${suffix}.png`), fullPage: true })
  }
  await page.setViewportSize(before)
}

const pdf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n'), randomBytes(bytes)])

describe.skipIf(!hasChromium())('documents: requests, uploads with progress, delivery, receipts', () => {
  let firm: Firm
  let server: PortalServer
  let mailbox: Mailbox
  let pages: PageSet
  let staff: Page
  let owner: Page
  let staffCookie = ''
  let clientId = ''
  const requests: { id: string; title: string }[] = []
  let deliveredUrl = ''

  beforeAll(async () => {
    firm = await startFirm()
    ;({ server, mailbox, pages, cookie: staffCookie } = firm)
    const created = await clientsCall(server, 'POST', '', { name: 'Alpha GmbH', kind: 'organisation' }, staffCookie)
    clientId = created.json.id
    const invited = await clientsCall(server, 'POST', `/${clientId}/members`, { email: OWNER.email, displayName: OWNER.displayName, role: 'owner' }, staffCookie)
    if (invited.status !== 201) throw new Error(`invite failed: ${JSON.stringify(invited.json)}`)
  }, 180_000)

  afterAll(async () => {
    await firm?.stop()
  })


  it('staff request two documents', async () => {
    staff = await pages.open()
    await signIn(staff, server.origin, FIRM.email, FIRM.password)
    await staff.goto(`${server.origin}/mandanten/${clientId}/anforderungen`)
    await staff.getByText('Keine Anforderungen').waitFor()
    await shot(staff, 'requests-empty')

    for (const [title, hint, types] of [
      ['Personalausweis', 'Bitte Vorder- und Rückseite als PDF.', ['PDF']],
      ['Gehaltsabrechnungen 2025', 'Alle zwölf Monate.', ['PDF', 'Bilder und Scans']],
    ] as const) {
      await staff.goto(`${server.origin}/mandanten/${clientId}/anforderungen`)
      await staff.getByRole('link', { name: 'Unterlagen anfordern' }).first().click()
      await staff.getByRole('heading', { level: 1, name: 'Unterlagen anfordern' }).waitFor()
      await staff.getByRole('button', { name: 'Anforderung senden' }).click()
      await staff.getByText('Bitte geben Sie an, was benötigt wird.').waitFor()
      await staff.getByLabel('Was wird benötigt?').fill(title)
      await staff.getByLabel('Hinweis (optional)').fill(hint)
      const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10)
      await staff.getByLabel('Frist (optional)').fill(due)
      for (const type of types) await staff.getByRole('checkbox', { name: type, exact: true }).check()
      if (requests.length === 0) await shot(staff, 'request-new')
      await staff.getByRole('button', { name: 'Anforderung senden' }).click()
      await staff.waitForURL(/\/anforderungen\/[0-9a-f-]{36}$/)
      await staff.getByRole('heading', { level: 1, name: title }).waitFor()
      await staff.getByText('Offen', { exact: true }).waitFor()
      requests.push({ id: staff.url().split('/').at(-1)!, title })
    }
    await shot(staff, 'request-staff-open')
    await staff.goto(`${server.origin}/mandanten/${clientId}/anforderungen`)
    await staff.getByRole('link', { name: 'Gehaltsabrechnungen 2025' }).waitFor()
    await shot(staff, 'requests-staff')
    pages.expectClean()
  })

  it('the client sees the requests and uploads into them with progress shown', async () => {
    owner = await pages.open(PHONE_SIZE)
    const mail = await mailbox.take(OWNER.email, /Einladung in das Mandantenportal von Kanzlei Berger/)
    await owner.goto(linkIn(mail))
    await owner.fill('#newPassword', OWNER.password)
    await owner.fill('#newPasswordRepeat', OWNER.password)
    await owner.getByText('Dieses Passwort erfüllt alle Anforderungen.').waitFor({ timeout: 20_000 })
    await owner.getByRole('button', { name: 'Zugang aktivieren' }).click()
    await owner.waitForURL(`${server.origin}/sicherheit/zweiter-faktor`)
    // Each request was mailed with a link and without its title.
    for (const request of requests) {
      const asked = await mailbox.take(OWNER.email, /Kanzlei Berger bittet um Unterlagen/)
      expect(asked.text).not.toContain(request.title)
    }

    await owner.goto(`${server.origin}/`)
    const card = owner.locator('.requests-card')
    await card.getByRole('heading', { name: 'Die Kanzlei bittet um Unterlagen' }).waitFor()
    await card.getByRole('link', { name: 'Personalausweis' }).waitFor()
    await shot(owner, 'home-card')

    await owner.goto(`${server.origin}/mandanten/${clientId}/dokumente`)
    await owner.getByRole('heading', { name: 'Die Kanzlei bittet um Unterlagen' }).waitFor()
    await shot(owner, 'client-documents-empty')
    await owner.getByRole('link', { name: 'Personalausweis' }).click()
    await owner.waitForURL(`${server.origin}/anforderungen/${requests[0]!.id}`)
    await owner.getByText('Bitte Vorder- und Rückseite als PDF.').waitFor()

    const input = owner.locator('.dropzone input[type=file]')
    // Refused before sending (type) and by the server (content does not match the name).
    await input.setInputFiles([
      { name: 'Ausweis.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK') },
      { name: 'Ausweis-falsch.pdf', mimeType: 'application/pdf', buffer: Buffer.from('\x89PNG\r\n\x1a\n' + 'x'.repeat(200)) },
    ])
    await owner.getByText('Dateityp nicht erlaubt: Für diese Anforderung bitte PDF (nicht .docx).').waitFor()
    await owner.getByText('Der Inhalt passt nicht zur Endung .pdf.', { exact: false }).waitFor()

    // A larger file, throttled, so the progress is visible while it runs.
    const cdp = await owner.context().newCDPSession(owner)
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 1_500_000 })
    await input.setInputFiles({ name: 'Ausweis.pdf', mimeType: 'application/pdf', buffer: pdf(1_500_000) })
    const row = owner.locator('.upload-row', { hasText: 'Ausweis.pdf' }).filter({ hasNotText: 'falsch' })
    await row.getByText(/Wird hochgeladen … \d+ %/).waitFor()
    const bar = owner.getByRole('progressbar', { name: 'Fortschritt insgesamt' })
    await shot(owner, 'upload-progress')
    await row.getByText('Hochgeladen', { exact: true }).waitFor({ timeout: 60_000 })
    expect(await bar.getAttribute('aria-valuenow')).toBe('100')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    await owner.getByText('Eingereicht', { exact: true }).waitFor()
    await owner.getByRole('link', { name: 'Ausweis.pdf' }).waitFor()
    await shot(owner, 'request-client-submitted')

    await owner.goto(`${server.origin}/anforderungen/${requests[1]!.id}`)
    await owner.locator('.dropzone input[type=file]').setInputFiles([
      { name: 'Januar.pdf', mimeType: 'application/pdf', buffer: pdf(200_000) },
      { name: 'Februar.pdf', mimeType: 'application/pdf', buffer: pdf(200_000) },
    ])
    await owner.getByText('2 von 2 Dateien hochgeladen', { exact: true }).waitFor({ timeout: 30_000 })
    pages.expectClean()
  })

  it('staff accept one request and return the other with a reason; the client reads it', async () => {
    await staff.goto(`${server.origin}/anforderungen/${requests[0]!.id}`)
    await staff.getByRole('link', { name: 'Ausweis.pdf' }).waitFor()
    await shot(staff, 'request-staff-submitted')
    await staff.getByRole('button', { name: 'Annehmen' }).click()
    const accept = staff.getByRole('dialog', { name: 'Unterlagen annehmen' })
    await accept.getByLabel('Dateien für alle bei Alpha GmbH freigeben').check()
    await accept.getByRole('button', { name: 'Annehmen' }).click()
    await staff.getByText('Die Unterlagen sind angenommen.').waitFor()
    await staff.getByText('Angenommen', { exact: true }).first().waitFor()

    await staff.goto(`${server.origin}/anforderungen/${requests[1]!.id}`)
    await staff.getByRole('link', { name: 'Januar.pdf' }).waitFor()
    await staff.getByRole('button', { name: 'Zurückgeben' }).click()
    const back = staff.getByRole('dialog', { name: 'Unterlagen zurückgeben' })
    await back.getByRole('button', { name: 'Zurückgeben' }).click()
    await back.getByText('Bitte nennen Sie einen Grund (mindestens drei Zeichen).').waitFor()
    await back.getByLabel('Grund').fill(REASON)
    await shot(staff, 'request-return-dialog')
    await back.getByRole('button', { name: 'Zurückgeben' }).click()
    await staff.getByText('Die Unterlagen sind zurückgegeben; der Grund ist für den Mandanten sichtbar.').waitFor()

    await owner.goto(`${server.origin}/anforderungen/${requests[1]!.id}`)
    await owner.getByText('Die Kanzlei hat Ihre Unterlagen zurückgegeben:').waitFor()
    await owner.getByText(REASON).waitFor()
    await owner.getByRole('heading', { name: 'Unterlagen erneut hochladen' }).waitFor()
    await shot(owner, 'request-client-returned')
    await owner.goto(`${server.origin}/anforderungen/${requests[0]!.id}`)
    await owner.getByText('Die Kanzlei hat die Unterlagen angenommen. Vielen Dank!').waitFor()
    expect(await owner.locator('.dropzone').count()).toBe(0)
    pages.expectClean()
  })

  it('staff deliver a file; the client opens it and confirms; staff see the receipt', async () => {
    await staff.goto(`${server.origin}/mandanten/${clientId}/dokumente`)
    await staff.getByRole('link', { name: 'Ausweis.pdf' }).waitFor()
    await shot(staff, 'client-documents-staff')
    await staff.getByRole('link', { name: 'Dokument zustellen' }).click()
    await staff.getByRole('heading', { level: 1, name: 'Dokument zustellen' }).waitFor()
    await staff.getByRole('button', { name: 'Zustellen', exact: true }).click()
    await staff.getByText('Bitte wählen Sie mindestens eine Datei.').waitFor()
    await staff.getByLabel('Nachricht (optional)').fill('Anbei der Entwurf des Gesellschaftsvertrags zur Durchsicht.')
    await staff.getByLabel('Empfangsbestätigung anfordern').check()
    await staff.getByLabel('Kategorie (optional)').selectOption({ label: 'Verträge' })
    await staff.locator('.dropzone input[type=file]').setInputFiles({ name: 'Gesellschaftsvertrag.pdf', mimeType: 'application/pdf', buffer: pdf(300_000) })
    await staff.getByText('Bereit zum Zustellen').waitFor()
    await shot(staff, 'deliver')
    await staff.getByRole('button', { name: 'Zustellen', exact: true }).click()
    await staff.getByText('Das Dokument ist zugestellt.').waitFor({ timeout: 30_000 })
    // The notice mail carries a link, never the document's name.
    const notice = await mailbox.take(OWNER.email, /Neues Dokument von Kanzlei Berger/)
    expect(notice.text).not.toContain('Gesellschaftsvertrag')
    deliveredUrl = linkIn(notice)
    expect(deliveredUrl).toMatch(/\/dokumente\/[0-9a-f-]{36}$/)

    await staff.goto(deliveredUrl)
    await staff.getByRole('heading', { name: 'Empfangsnachweis' }).waitFor()
    await staff.getByText('0 von 1 Personen haben das Dokument geöffnet.').waitFor()
    await staff.getByText(`Noch nicht geöffnet: ${OWNER.displayName}.`).waitFor()

    await owner.goto(`${server.origin}/mandanten/${clientId}/dokumente`)
    const entry = owner.locator('.doc-row', { hasText: 'Gesellschaftsvertrag.pdf' })
    await entry.getByText('Neu', { exact: true }).waitFor()
    await entry.getByText('Bitte bestätigen').waitFor()
    await shot(owner, 'client-documents')
    await entry.getByRole('link', { name: 'Gesellschaftsvertrag.pdf' }).click()
    await owner.waitForURL(deliveredUrl)
    await owner.getByRole('heading', { level: 1, name: 'Gesellschaftsvertrag.pdf' }).waitFor()
    await shot(owner, 'document-client')
    await owner.getByText('Anbei der Entwurf des Gesellschaftsvertrags zur Durchsicht.').waitFor()
    await owner.locator('.facts').getByText('Verträge', { exact: true }).waitFor()
    await owner.getByRole('button', { name: 'Empfang bestätigen' }).click()
    await owner.getByText(/Empfang bestätigt am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr\./).waitFor()

    await staff.reload()
    await staff.getByText('1 von 1 Personen haben das Dokument geöffnet.').waitFor()
    const receipt = staff.getByRole('row', { name: new RegExp(OWNER.displayName) })
    await receipt.locator('td[data-label="Geöffnet"] .status--ok').waitFor()
    await receipt.locator('td[data-label="Bestätigt"] .status--ok').waitFor()
    await shot(staff, 'document-staff-receipts')
    await staff.goto(`${server.origin}/mandanten/${clientId}/dokumente`)
    await staff.locator('.doc-row', { hasText: 'Gesellschaftsvertrag.pdf' }).getByText('1 von 1 bestätigt').waitFor()
    pages.expectClean()
  })
})

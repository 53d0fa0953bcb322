import { readFileSync } from 'node:fs'
import { copyFile, mkdir, readdir } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, signIn } from './helpers/browser'
import { startFirm, type Firm } from './helpers/firm'
import type { PageSet } from './helpers/pages'
import { clientsCall } from './helpers/portal-api'
import { REPO_ROOT, type PortalServer } from './helpers/server'
import { SHOTS, shoot } from './helpers/shots'
import { linkIn, type Mailbox } from './helpers/mailbox'
import { FIRM, pdf } from './helpers/people'

const PROJECT = 'Kreditprüfung 2026'
const FILES = [
  { name: 'Kontoauszug-Maerz.pdf', mimeType: 'application/pdf', buffer: pdf(4000) },
  { name: 'Bestätigung der Bank.pdf', mimeType: 'application/pdf', buffer: pdf(2500) },
]
// Larger than one tus chunk (8 MiB): the page sends it in two PATCHes; the second breaks off once.
const BIG = { name: 'Grundbuchauszug.pdf', mimeType: 'application/pdf', buffer: pdf(9 * 1024 * 1024) }
const RECIPIENT = 'erika@sparkasse.example'
// The portal's own app icon stands in as the firm's logo (a real 192×192 PNG).
const LOGO = readFileSync(path.join(REPO_ROOT, 'web/public/icons/icon-192.png'))

describe.skipIf(!hasChromium())('upload links: staff create one for a project, a guest uploads two files', () => {
  let firm: Firm
  let server: PortalServer
  let mailbox: Mailbox
  let pages: PageSet
  let projectId = ''
  let link = ''
  let staff: Page

  beforeAll(async () => {
    firm = await startFirm()
    ;({ server, mailbox, pages } = firm)
    const cookie = firm.cookie
    const client = await clientsCall(server, 'POST', '', { name: 'Alpha GmbH', kind: 'organisation' }, cookie)
    const project = await clientsCall(server, 'POST', `/projects?clientId=${client.json.id}`, { name: PROJECT, type: 'contract' }, cookie)
    expect(project.status).toBe(201)
    projectId = project.json.id
  })

  afterAll(async () => {
    await firm?.stop()
    await mkdir('/tmp/shots', { recursive: true }).catch(() => {})
    for (const name of await readdir(SHOTS).catch(() => [] as string[]))
      if (name.startsWith('upload-link-')) await copyFile(path.join(SHOTS, name), path.join('/tmp/shots', name)).catch(() => {})
  })


  it('the admin sets the firm\'s sharing rules and logo on the Freigaberegeln screen', async () => {
    staff = await pages.open()
    await signIn(staff, server.origin, FIRM.email, FIRM.password)
    await staff.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).click()
    await staff.getByRole('navigation', { name: 'Verwaltung der Kanzlei' }).getByRole('link', { name: 'Freigaberegeln' }).click()
    await staff.getByRole('heading', { level: 1, name: 'Freigaberegeln' }).waitFor()
    await expect(staff.getByLabel('Längste Gültigkeit eines Links (Tage)').inputValue()).resolves.toBe('30')
    await expect(staff.getByLabel('Links von Mandanten brauchen ein Passwort').isChecked()).resolves.toBe(true)
    await staff.getByText('Kein Logo hinterlegt – die Seite zeigt nur den Namen der Kanzlei.').waitFor()
    // The clients' limit may not exceed the firm's: said at the field, nothing saved.
    await staff.getByLabel('Längste Gültigkeit eines Links (Tage)').fill('21')
    await staff.getByLabel('Längste Gültigkeit für Links von Mandanten (Tage)').fill('28')
    await staff.getByRole('button', { name: 'Speichern' }).click()
    await staff.getByText('Höchstens 21 Tage – nicht länger als die Grenze für alle Links.').waitFor()
    await staff.getByLabel('Längste Gültigkeit für Links von Mandanten (Tage)').fill('10')
    await staff.getByRole('button', { name: 'Speichern' }).click()
    await staff.getByText('Gespeichert. Neue Links folgen diesen Regeln.').waitFor()
    // An SVG is refused in German; a PNG becomes the logo.
    await staff.getByTestId('logo-input').setInputFiles([{ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }])
    await staff.getByText('Bitte ein Bild im Format PNG, JPEG oder WebP wählen.').waitFor()
    await staff.getByTestId('logo-input').setInputFiles([{ name: 'logo.png', mimeType: 'image/png', buffer: LOGO }])
    await staff.getByText('Logo gespeichert.').waitFor()
    await staff.getByTestId('logo-preview').waitFor()
    await expect(staff.getByTestId('logo-preview').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).resolves.toBe(192)
    await shoot(staff, 'upload-link-admin-rules')
  })

  it('staff create an upload link on the project page and have it mailed', async () => {
    await staff.goto(`${server.origin}/projekte/${projectId}`)
    await staff.getByRole('heading', { level: 1, name: PROJECT }).waitFor()
    await staff.getByRole('button', { name: 'Upload-Link erstellen' }).click()
    const dialog = staff.getByRole('dialog', { name: 'Upload-Link erstellen' })
    // The firm's rules are said, and the dialog holds them.
    await dialog.getByText('Regel der Kanzlei: höchstens 21 Tage gültig. Links von Mandanten: mit Passwort, höchstens 10 Tage.').waitFor()
    await shoot(staff, 'upload-link-dialog-rules')
    await dialog.getByLabel('Gültig für (Tage)').fill('30')
    await dialog.getByRole('button', { name: 'Link erstellen' }).click()
    await dialog.getByText('Bitte eine ganze Zahl von 1 bis 21 angeben.').waitFor()
    await dialog.getByLabel('Gültig für (Tage)').fill('7')
    await dialog.getByLabel('E-Mail des Empfängers (optional)').fill(RECIPIENT)
    await dialog.getByLabel('Höchstzahl Dateien (optional)').fill('0')
    await dialog.getByRole('button', { name: 'Link erstellen' }).click()
    await dialog.getByText('Bitte eine ganze Zahl von 1 bis 1000 angeben oder das Feld leer lassen.').waitFor()
    await dialog.getByLabel('Höchstzahl Dateien (optional)').fill('5')
    await dialog.getByLabel('Höchstgröße je Datei in MB (optional)').fill('10')
    await shoot(staff, 'upload-link-dialog')
    await dialog.getByRole('button', { name: 'Link erstellen' }).click()
    await dialog.getByText(/Dieser Link wird nur jetzt angezeigt/).waitFor()
    link = await dialog.getByLabel('Link', { exact: true }).inputValue()
    expect(link).toMatch(new RegExp(`^${server.origin}/freigabe#[A-Za-z0-9_-]{22,}$`))
    await dialog.getByText(/wurde an den Empfänger geschickt/).waitFor()
    await shoot(staff, 'upload-link-dialog-created')
    // The recipient's mail: the same link, no project or client name.
    const mail = await mailbox.take(RECIPIENT, /Kanzlei Berger: Bitte laden Sie Dateien hoch/)
    expect(linkIn(mail)).toBe(link)
    expect(mail.text).not.toContain(PROJECT)
    expect(mail.text).not.toContain('Alpha GmbH')
    await dialog.getByRole('button', { name: 'Schließen' }).last().click()
  })

  it('a guest in a fresh context sees the firm\'s logo, gives name and e-mail and uploads two files with progress (tus)', async () => {
    const guest = await pages.open()
    const tusCalls: string[] = []
    guest.on('request', (request) => {
      if (request.url().includes('/functions/v1/shares/guest/')) tusCalls.push(`${request.method()} ${new URL(request.url()).pathname}`)
    })
    await guest.goto(link)
    await guest.getByRole('heading', { level: 1, name: PROJECT }).waitFor()
    const logo = guest.getByRole('img', { name: 'Logo von Kanzlei Berger' })
    await logo.waitFor()
    await expect(logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).resolves.toBe(192)
    expect(guest.url()).not.toContain('#')
    await guest.getByRole('heading', { name: 'Wer lädt hoch?' }).waitFor()
    await guest.getByRole('button', { name: 'Weiter zum Hochladen' }).click()
    await guest.getByText('Bitte geben Sie Ihren Namen an.').waitFor()
    await shoot(guest, 'upload-link-guest-who-missing')
    await guest.getByLabel('Ihr Name').fill('Erika Kreditberaterin')
    await guest.getByLabel('Ihre E-Mail-Adresse').fill('erika@sparkasse.example')
    await shoot(guest, 'upload-link-guest-who')
    await guest.getByRole('button', { name: 'Weiter zum Hochladen' }).click()
    await guest.getByText('Sie laden hoch als Erika Kreditberaterin (erika@sparkasse.example).').waitFor()
    await guest.getByText('Sie haben noch nichts hochgeladen.').waitFor()
    await shoot(guest, 'upload-link-guest-zone')

    await guest.getByTestId('guest-upload-input').setInputFiles(FILES)
    const mine = guest.getByRole('list', { name: 'Ihre Uploads' })
    for (const file of FILES) await mine.getByText(file.name, { exact: true }).waitFor()
    await expect(guest.getByText('hochgeladen', { exact: true }).count()).resolves.toBe(2)
    await guest.getByText('Noch 3 Datei(en) möglich.', { exact: false }).waitFor()
    await shoot(guest, 'upload-link-guest-done')
    // Resumable: each file was created at the guest's tus endpoint and sent by PATCH.
    expect(tusCalls.filter((c) => c === 'POST /functions/v1/shares/guest/tus')).toHaveLength(2)
    expect(tusCalls.filter((c) => c.startsWith('PATCH /functions/v1/shares/guest/tus/'))).toHaveLength(2)

    // A file of two chunks whose second chunk breaks off once: the page asks where it stood
    // (HEAD) and sends only the rest.
    let patches = 0
    const offsets: string[] = []
    await guest.route('**/functions/v1/shares/guest/tus/*', async (route) => {
      const request = route.request()
      if (request.method() === 'PATCH') {
        patches++
        offsets.push(request.headers()['upload-offset'] ?? '')
        if (patches === 2) return route.abort('connectionreset')
      }
      return route.continue()
    })
    tusCalls.length = 0
    await guest.getByTestId('guest-upload-input').setInputFiles([BIG])
    await mine.getByText(BIG.name, { exact: true }).waitFor({ timeout: 60_000 })
    await guest.unroute('**/functions/v1/shares/guest/tus/*')
    expect(offsets).toEqual(['0', String(8 * 1024 * 1024), String(8 * 1024 * 1024)])
    expect(tusCalls.some((c) => c.startsWith('HEAD /functions/v1/shares/guest/tus/'))).toBe(true)
    await guest.getByText('Noch 2 Datei(en) möglich.', { exact: false }).waitFor()

    // A wrong type is said in German and stores nothing.
    await guest.getByTestId('guest-upload-input').setInputFiles([{ name: 'Programm.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') }])
    await guest.getByText('Dieser Dateityp wird nicht angenommen.').waitFor()
    await expect(mine.getByRole('listitem').count()).resolves.toBe(3)

    // English second.
    await guest.getByRole('button', { name: 'English' }).click()
    await guest.getByRole('list', { name: 'Your uploads' }).waitFor()
    await guest.getByText('You upload as Erika Kreditberaterin (erika@sparkasse.example).').waitFor()
    await shoot(guest, 'upload-link-guest-en')
    await guest.getByRole('button', { name: 'Deutsch' }).click()
  })

  it('staff find both files in the project', async () => {
    await staff.goto(`${server.origin}/projekte/${projectId}/dokumente`)
    for (const file of FILES) await staff.getByText(file.name, { exact: false }).first().waitFor()
    await shoot(staff, 'upload-link-staff-project')
    // The Freigaben page names the uploader of each received file.
    await staff.goto(`${server.origin}/freigaben`)
    const item = staff.locator('.share-item', { hasText: `Upload-Link: ${PROJECT}` })
    await item.getByText(/Hochgeladen: 3 \/ 5/).waitFor()
    await item.getByText('Mandant: Alpha GmbH', { exact: false }).waitFor()
    await item.getByText(`an ${RECIPIENT}`, { exact: false }).waitFor()
    await item.getByRole('button', { name: 'Protokoll' }).click()
    const received = item.getByRole('list', { name: 'Erhaltene Dateien' })
    for (const file of FILES) await received.getByRole('link', { name: file.name }).waitFor()
    await expect(received.getByText(/von Erika Kreditberaterin \(erika@sparkasse\.example\)/).count()).resolves.toBe(3)
    await item.getByRole('cell', { name: 'hochgeladen' }).first().waitFor()
    await shoot(staff, 'upload-link-staff-freigaben')
    pages.expectClean()
  })
})

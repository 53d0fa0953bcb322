import { copyFile, mkdir, readdir } from 'node:fs/promises'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium, watchPage, type PageWatch } from './helpers/browser'
import { clientsCall, setUpFirm, signInByApi } from './helpers/portal-api'
import { startPortal, type PortalServer } from './helpers/server'
import { DESKTOP_SIZE, SHOTS, shoot } from './helpers/shots'
import { FIRM, pdf } from './helpers/people'

const PROJECT = 'Kreditprüfung 2026'
const FILES = [
  { name: 'Kontoauszug-Maerz.pdf', mimeType: 'application/pdf', buffer: pdf(4000) },
  { name: 'Bestätigung der Bank.pdf', mimeType: 'application/pdf', buffer: pdf(2500) },
]

describe.skipIf(!hasChromium())('upload links: staff create one for a project, a guest uploads two files', () => {
  let server: PortalServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  const watches: PageWatch[] = []
  let projectId = ''
  let link = ''
  let staff: Page

  beforeAll(async () => {
    server = await startPortal()
    await setUpFirm(server, FIRM)
    browser = await launchChromium()
    const cookie = await signInByApi(server, FIRM.email, FIRM.password)
    const client = await clientsCall(server, 'POST', '', { name: 'Alpha GmbH', kind: 'organisation' }, cookie)
    const project = await clientsCall(server, 'POST', `/projects?clientId=${client.json.id}`, { name: PROJECT, type: 'contract' }, cookie)
    expect(project.status).toBe(201)
    projectId = project.json.id
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    await mkdir('/tmp/shots', { recursive: true }).catch(() => {})
    for (const name of await readdir(SHOTS).catch(() => [] as string[]))
      if (name.startsWith('upload-link-')) await copyFile(path.join(SHOTS, name), path.join('/tmp/shots', name)).catch(() => {})
  })

  async function open(size = DESKTOP_SIZE): Promise<Page> {
    const context = await browser.newContext({ viewport: size, locale: 'de-DE' })
    contexts.push(context)
    const page = await context.newPage()
    watches.push(watchPage(page, server.origin))
    return page
  }

  function expectClean() {
    for (const watch of watches) {
      expect(watch.foreignRequests, 'requests to other origins').toEqual([])
      expect(watch.errors, 'console errors').toEqual([])
    }
  }

  it('staff create an upload link on the project page', async () => {
    staff = await open()
    await staff.goto(`${server.origin}/anmelden`)
    await staff.fill('#email', FIRM.email)
    await staff.fill('#password', FIRM.password)
    await staff.getByRole('button', { name: 'Anmelden', exact: true }).click()
    await staff.waitForURL(`${server.origin}/`)
    await staff.goto(`${server.origin}/projekte/${projectId}`)
    await staff.getByRole('heading', { level: 1, name: PROJECT }).waitFor()
    await staff.getByRole('button', { name: 'Upload-Link erstellen' }).click()
    const dialog = staff.getByRole('dialog', { name: 'Upload-Link erstellen' })
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
    await shoot(staff, 'upload-link-dialog-created')
    await dialog.getByRole('button', { name: 'Schließen' }).last().click()
  })

  it('a guest in a fresh context gives name and e-mail and uploads two files with progress', async () => {
    const guest = await open()
    await guest.goto(link)
    await guest.getByRole('heading', { level: 1, name: PROJECT }).waitFor()
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

    // A wrong type is said in German and stores nothing.
    await guest.getByTestId('guest-upload-input').setInputFiles([{ name: 'Programm.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') }])
    await guest.getByText('Dieser Dateityp wird nicht angenommen.').waitFor()
    await expect(mine.getByRole('listitem').count()).resolves.toBe(2)

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
    await item.getByText(/Hochgeladen: 2 \/ 5/).waitFor()
    await item.getByRole('button', { name: 'Protokoll' }).click()
    const received = item.getByRole('list', { name: 'Erhaltene Dateien' })
    for (const file of FILES) await received.getByRole('link', { name: file.name }).waitFor()
    await expect(received.getByText(/von Erika Kreditberaterin \(erika@sparkasse\.example\)/).count()).resolves.toBe(2)
    await item.getByRole('cell', { name: 'hochgeladen' }).first().waitFor()
    await shoot(staff, 'upload-link-staff-freigaben')
    expectClean()
  })
})

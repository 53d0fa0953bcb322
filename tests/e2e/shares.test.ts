import { randomBytes } from 'node:crypto'
import { copyFile, mkdir, readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, signIn } from './helpers/browser'
import { startFirm, type Firm } from './helpers/firm'
import type { PageSet } from './helpers/pages'
import { codeIn, linkIn, type Mailbox } from './helpers/mailbox'
import { createClientWithOwner } from './helpers/portal-api'
import type { PortalServer } from './helpers/server'
import { PHONE_SIZE, SHOTS, shoot } from './helpers/shots'
import { FIRM, OWNER } from './helpers/people'

const FOLDER = 'Unterlagen für die Bank'
const SHARE_PASSWORD = 'Leuchtturm hinter der Sanddüne 58'
const INVALID = 'Dieser Link ist ungültig, abgelaufen oder wurde widerrufen.'
const LIMIT = /Download-Limit erreicht/
const BANK = 'kredit@sparkasse-neckar.example'
const DOCUMENTS = [
  { title: 'Jahresabschluss 2025', filename: 'Jahresabschluss-2025.pdf' },
  { title: 'Handelsregisterauszug', filename: 'Handelsregisterauszug.pdf' },
]

describe.skipIf(!hasChromium())('download links: share a folder, guest downloads, log, revoke', () => {
  let firm: Firm
  let server: PortalServer
  let mailbox: Mailbox
  let pages: PageSet
  let owner: Page
  let clientId = ''
  let folderId = ''
  const documentIds: string[] = []
  const bytes = new Map<string, Buffer>()
  let folderLink = ''

  beforeAll(async () => {
    firm = await startFirm()
    ;({ server, mailbox, pages } = firm)

    // A client with its owner, two documents from the firm, and a folder holding both.
    const cookie = firm.cookie
    clientId = await createClientWithOwner(server, mailbox, cookie, OWNER)
    const documents = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${server.origin}/functions/v1/documents${route}`, {
        method,
        headers: { Origin: server.origin, Cookie: cookie, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: response.status, json: (await response.json()) as any }
    }
    for (const doc of DOCUMENTS) {
      const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3000), Buffer.from('%%EOF\n')])
      const query = new URLSearchParams({ clientId, ...doc, audience: 'client' })
      const response = await fetch(`${server.origin}/functions/v1/documents?${query}`, {
        method: 'POST',
        headers: { Origin: server.origin, Cookie: cookie, 'Content-Type': 'application/octet-stream' },
        body: content,
      })
      expect(response.status).toBe(201)
      documentIds.push(((await response.json()) as { id: string }).id)
      bytes.set(doc.filename, content)
    }
    const group = await documents('POST', '/groups', { clientId, title: FOLDER, audience: 'client' })
    expect(group.status).toBe(201)
    folderId = group.json.id
    for (const documentId of documentIds)
      expect((await documents('POST', `/groups/${folderId}/documents`, { documentId })).status).toBe(200)
  })

  afterAll(async () => {
    await firm?.stop()
    // The screens of this suite, also where the team looks at them.
    await mkdir('/tmp/shots', { recursive: true }).catch(() => {})
    for (const name of await readdir(SHOTS).catch(() => [] as string[]))
      if (name.startsWith('shares-')) await copyFile(path.join(SHOTS, name), path.join('/tmp/shots', name)).catch(() => {})
  })

  /** Creates a link in the Teilen dialog of the current page; returns the link shown once. */
  async function createLink(page: Page, options: { limit?: string; name: string }) {
    await page.getByRole('button', { name: 'Teilen' }).click()
    const dialog = page.getByRole('dialog', { name: 'Per Link teilen' })
    await expect(dialog.getByLabel('Gültig für (Tage)').inputValue()).resolves.toBe('7')
    // The firm's rules are said before anything is typed.
    await dialog.getByTestId('share-policy-note').getByText('Regeln der Kanzlei: Passwort vorgeschrieben, höchstens 14 Tage gültig.').waitFor()
    await shoot(page, `shares-dialog-${options.name}-rules`)
    // The client policy asks for a password: without one nothing is created.
    await dialog.getByRole('button', { name: 'Link erstellen' }).click()
    await dialog.getByText('Für Links von Mandanten ist ein Passwort vorgeschrieben.').waitFor()
    await dialog.getByLabel('Gültig für (Tage)').fill('99')
    await dialog.getByLabel('Passwort', { exact: true }).fill(SHARE_PASSWORD)
    if (options.limit) await dialog.getByLabel('Download-Limit (optional)').fill(options.limit)
    await dialog.getByRole('button', { name: 'Link erstellen' }).click()
    await dialog.getByText(/Bitte eine ganze Zahl von 1 bis \d+ angeben\./).waitFor()
    await dialog.getByLabel('Gültig für (Tage)').fill('7')
    await shoot(page, `shares-dialog-${options.name}`)
    await dialog.getByRole('button', { name: 'Link erstellen' }).click()
    await dialog.getByText(/Dieser Link wird nur jetzt angezeigt/).waitFor()
    const link = await dialog.getByLabel('Link', { exact: true }).inputValue()
    expect(link).toMatch(new RegExp(`^${server.origin}/freigabe#[A-Za-z0-9_-]{22,}$`))
    await dialog.getByRole('button', { name: 'Link kopieren' }).waitFor()
    await shoot(page, `shares-dialog-${options.name}-created`)
    await dialog.getByRole('button', { name: 'Schließen' }).last().click()
    return link
  }

  /** The guest opens a link in a fresh context and passes the password step. */
  async function guestOpens(link: string): Promise<Page> {
    const guest = await pages.open()
    await guest.goto(link)
    await guest.getByRole('heading', { level: 1, name: 'Passwort eingeben' }).waitFor()
    // The token left the address bar at once.
    expect(guest.url()).toBe(`${server.origin}/freigabe`)
    await guest.getByLabel('Passwort', { exact: true }).fill('Falsches Passwort für den Link 1')
    await guest.getByRole('button', { name: 'Weiter' }).click()
    await guest.getByText('Das Passwort stimmt nicht.').waitFor()
    await shoot(guest, 'shares-guest-password')
    await guest.getByLabel('Passwort', { exact: true }).fill(SHARE_PASSWORD)
    await guest.getByRole('button', { name: 'Weiter' }).click()
    await guest.getByText('Kanzlei Berger hat diese Dateien für Sie freigegeben.').waitFor()
    // Nothing of the portal: no navigation, no user menu.
    expect(await guest.getByRole('navigation', { name: 'Hauptnavigation' }).count()).toBe(0)
    return guest
  }

  async function download(guest: Page, filename: string): Promise<Buffer> {
    const [file] = await Promise.all([
      guest.waitForEvent('download'),
      guest.getByRole('button', { name: `${filename} herunterladen` }).click(),
    ])
    expect(file.suggestedFilename()).toBe(filename)
    return readFile((await file.path())!)
  }

  it('the client owner shares the folder with a password and a download limit of 2', async () => {
    owner = await pages.open()
    await signIn(owner, server.origin, OWNER.email, OWNER.password)
    // Allowed to share: the nav has "Freigaben".
    await owner.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Freigaben' }).waitFor()
    await owner.goto(`${server.origin}/mappen/${folderId}`)
    await owner.getByRole('heading', { level: 1, name: FOLDER }).waitFor()
    folderLink = await createLink(owner, { limit: '2', name: 'folder' })
    pages.expectClean()
  })

  it('a guest in a fresh browser downloads twice; the third download is refused', async () => {
    const guest = await guestOpens(folderLink)
    await guest.getByRole('heading', { level: 1, name: FOLDER }).waitFor()
    for (const doc of DOCUMENTS) await guest.getByText(doc.filename, { exact: true }).waitFor()
    await expect(guest.getByTestId('remaining').textContent()).resolves.toBe('2')
    await guest.getByRole('link', { name: `Vorschau von ${DOCUMENTS[0]!.filename}` }).waitFor()
    await shoot(guest, 'shares-guest-files')
    // German first, English on request.
    await guest.getByRole('button', { name: 'English' }).click()
    await guest.getByText('Kanzlei Berger has shared these files with you.').waitFor()
    await guest.getByRole('button', { name: `Download ${DOCUMENTS[0]!.filename}` }).waitFor()
    await guest.getByRole('button', { name: 'Deutsch' }).click()
    await guest.getByText('Kanzlei Berger hat diese Dateien für Sie freigegeben.').waitFor()

    const [first, second] = DOCUMENTS.map((d) => d.filename) as [string, string]
    expect((await download(guest, first)).equals(bytes.get(first)!)).toBe(true)
    await expect(guest.getByTestId('remaining').textContent()).resolves.toBe('1')
    expect((await download(guest, second)).equals(bytes.get(second)!)).toBe(true)
    await guest.getByTestId('remaining').getByText('keine – Download-Limit erreicht').waitFor()

    let downloads = 0
    guest.on('download', () => downloads++)
    await guest.getByRole('button', { name: `${first} herunterladen` }).click()
    await guest.getByRole('alert').getByText(LIMIT).waitFor()
    expect(downloads).toBe(0)
    await shoot(guest, 'shares-guest-limit')
    pages.expectClean()
  })

  it('the client sees both downloads in the log; a revoked link stops an open guest page', async () => {
    await owner.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Freigaben' }).click()
    await owner.getByRole('heading', { level: 1, name: 'Freigaben' }).waitFor()
    const folderShare = owner.getByRole('listitem').filter({ hasText: FOLDER })
    await folderShare.getByText('aufgebraucht', { exact: true }).waitFor()
    await folderShare.getByText('Downloads: 2 / 2').waitFor()
    await folderShare.getByRole('button', { name: 'Protokoll' }).click()
    const log = folderShare.getByRole('table', { name: 'Zugriffe auf diesen Link' })
    await log.waitFor()
    const downloaded = log.getByRole('row').filter({ hasText: 'heruntergeladen' })
    await expect.poll(() => downloaded.count()).toBe(2)
    for (const doc of DOCUMENTS) await downloaded.filter({ hasText: doc.filename }).first().waitFor()
    // An exhausted link has nothing left to revoke.
    expect(await folderShare.getByRole('button', { name: 'Widerrufen' }).count()).toBe(0)
    await shoot(owner, 'shares-list')

    // A second link, for one document, which a guest has open when the client revokes it.
    await owner.goto(`${server.origin}/dokumente/${documentIds[0]}`)
    await owner.getByRole('heading', { level: 1, name: DOCUMENTS[0]!.title }).waitFor()
    const documentLink = await createLink(owner, { name: 'document' })
    const guest = await guestOpens(documentLink)
    await guest.getByText(DOCUMENTS[0]!.filename, { exact: true }).waitFor()

    await owner.goto(`${server.origin}/freigaben`)
    const documentShare = owner.getByRole('listitem').filter({ hasText: DOCUMENTS[0]!.title })
    await documentShare.getByText('aktiv', { exact: true }).waitFor()
    await documentShare.getByRole('button', { name: 'Widerrufen' }).click()
    const confirm = owner.getByRole('dialog', { name: 'Link widerrufen?' })
    await shoot(owner, 'shares-revoke')
    await confirm.getByRole('button', { name: 'Widerrufen' }).click()
    await documentShare.getByText('widerrufen', { exact: true }).waitFor()
    await shoot(owner, 'shares-list-revoked')

    let downloads = 0
    guest.on('download', () => downloads++)
    await guest.getByRole('button', { name: `${DOCUMENTS[0]!.filename} herunterladen` }).click()
    await guest.getByRole('heading', { level: 1, name: 'Link nicht verfügbar' }).waitFor()
    await guest.getByText(INVALID).waitFor()
    expect(downloads).toBe(0)
    await shoot(guest, 'shares-guest-revoked')

    // The same sentence for a link that never existed, with nothing of the portal around it.
    const stranger = await pages.open(PHONE_SIZE)
    await stranger.goto(`${server.origin}/freigabe#${'A'.repeat(43)}`)
    await stranger.getByText(INVALID).waitFor()
    expect(stranger.url()).toBe(`${server.origin}/freigabe`)
    pages.expectClean()
  })

  it('staff mail a link whose recipient confirms with a code; staff see every link of their client', async () => {
    const staff = await pages.open()
    await signIn(staff, server.origin, FIRM.email, FIRM.password)
    await staff.goto(`${server.origin}/dokumente/${documentIds[1]}`)
    await staff.getByRole('heading', { level: 1, name: DOCUMENTS[1]!.title }).waitFor()
    await staff.getByRole('button', { name: 'Teilen' }).click()
    const dialog = staff.getByRole('dialog', { name: 'Per Link teilen' })
    // Staff are not bound to the client policy: the password is optional.
    await dialog.getByLabel('Passwort (optional)').waitFor()
    // Several files with one link: a further document of the client joins this one.
    await dialog.getByText('Weitere Dokumente dieses Mandanten hinzufügen').click()
    await dialog.getByRole('checkbox', { name: new RegExp(DOCUMENTS[0]!.title) }).check()
    await dialog.getByText('(1 ausgewählt)').waitFor()
    await shoot(staff, 'shares-dialog-several')
    await dialog.getByLabel('E-Mail des Empfängers (optional)').fill(BANK)
    await dialog.getByLabel('Empfänger muss sich mit Code bestätigen').check()
    await dialog.getByLabel('Mich beim ersten Abruf benachrichtigen').check()
    await dialog.getByRole('button', { name: 'Link erstellen' }).click()
    await dialog.getByText(/wurde an den Empfänger geschickt/).waitFor()
    const shown = await dialog.getByLabel('Link', { exact: true }).inputValue()
    await dialog.getByRole('button', { name: 'Schließen' }).last().click()

    const mailed = await mailbox.take(BANK, /Kanzlei Berger: Dateien für Sie freigegeben/)
    expect(linkIn(mailed)).toBe(shown)
    expect(mailed.text).not.toContain(DOCUMENTS[1]!.filename)

    const guest = await pages.open(PHONE_SIZE)
    await guest.goto(linkIn(mailed))
    await guest.getByRole('heading', { level: 1, name: 'Code bestätigen' }).waitFor()
    await guest.getByText(/Wir haben einen Code an k\S*@\S+ geschickt/).waitFor()
    const code = codeIn(await mailbox.take(BANK, /Bestätigungscode für die Freigabe/))
    await guest.getByLabel('Code aus der E-Mail').fill(code === '000000' ? '111111' : '000000')
    await guest.getByRole('button', { name: 'Bestätigen' }).click()
    await guest.getByText('Der Code stimmt nicht oder ist abgelaufen.').waitFor()
    await shoot(guest, 'shares-guest-code')
    await guest.getByLabel('Code aus der E-Mail').fill(code)
    await guest.getByRole('button', { name: 'Bestätigen' }).click()
    await guest.getByText(DOCUMENTS[1]!.filename, { exact: true }).waitFor()
    await guest.getByText(DOCUMENTS[0]!.filename, { exact: true }).waitFor()
    // No limit: nothing about remaining downloads.
    expect(await guest.getByTestId('remaining').count()).toBe(0)
    await mailbox.take(FIRM.email, /Ihr Freigabelink wurde geöffnet/)

    await staff.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Freigaben' }).click()
    await staff.getByText('Die Download- und Upload-Links Ihrer Mandanten an Dritte: Status, Zugriffe und Widerruf.').waitFor()
    const list = staff.locator('.share-list > li')
    await expect.poll(() => list.count()).toBe(3)
    await list.filter({ hasText: `an ${BANK}` }).getByText('aktiv', { exact: true }).waitFor()
    await shoot(staff, 'shares-list-staff')
    pages.expectClean()
  })
})

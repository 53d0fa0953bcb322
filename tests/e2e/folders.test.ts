import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, signIn } from './helpers/browser'
import { startFirm, type Firm } from './helpers/firm'
import type { PageSet } from './helpers/pages'
import { linkIn, type Mailbox } from './helpers/mailbox'
import { createClientWithOwner } from './helpers/portal-api'
import type { PortalServer } from './helpers/server'
import { PHONE_SIZE, shoot } from './helpers/shots'
import { FIRM, OWNER } from './helpers/people'

const FOLDER = 'Gründungsunterlagen'
const DOCUMENTS = [
  { title: 'Gesellschaftsvertrag', filename: 'Gesellschaftsvertrag.pdf' },
  { title: 'Gesellschafterliste', filename: 'Gesellschafterliste.pdf' },
]
const EARLY_NOTE = 'Vorläufige Fassung – bitte noch nicht unterschreiben.'
const REPLY = 'Ja, § 5 ist so gewollt.'
const REPLY_EDITED = 'Ja, § 5 ist so gewollt. Bitte unterschreiben Sie bis Freitag.'

/** The number of entries a ZIP's end-of-central-directory record states (no ZIP64 here). */
function zipEntries(zip: Buffer): number {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (end < 0) throw new Error('no end of central directory: not a ZIP')
  return zip.readUInt16LE(end + 10)
}

describe.skipIf(!hasChromium())('document folders: documents, comments with mentions, ZIP', () => {
  let firm: Firm
  let server: PortalServer
  let mailbox: Mailbox
  let pages: PageSet
  let staff: Page
  let owner: Page
  let clientId = ''
  let folderUrl = ''

  beforeAll(async () => {
    firm = await startFirm()
    ;({ server, mailbox, pages } = firm)

    // The world before the folder: a client with its owner, and two documents the firm uploaded.
    const cookie = firm.cookie
    clientId = await createClientWithOwner(server, mailbox, cookie, OWNER)
    for (const doc of DOCUMENTS) {
      const query = new URLSearchParams({ clientId, ...doc, audience: 'client' })
      const response = await fetch(`${server.origin}/functions/v1/documents?${query}`, {
        method: 'POST',
        headers: {
          Origin: server.origin,
          Cookie: cookie,
          'Content-Type': 'application/octet-stream',
        },
        body: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000), Buffer.from('%%EOF\n')]),
      })
      expect(response.status).toBe(201)
    }
  })

  afterAll(async () => {
    await firm?.stop()
  })

  const tab = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Bereiche des Mandanten' }).getByRole('link', { name })
  const thread = (page: Page) => page.getByRole('list', { name: 'Kommentare zu dieser Mappe' })
  const comment = (page: Page, text: string | RegExp) =>
    thread(page).getByRole('listitem').filter({ hasText: text })

  it('staff create a folder for the client and put two documents in it', async () => {
    staff = await pages.open()
    await signIn(staff, server.origin, FIRM.email, FIRM.password)
    await staff.goto(`${server.origin}/mandanten/${clientId}`)
    await tab(staff, 'Mappen').click()
    await staff.getByRole('heading', { level: 2, name: 'Dokumentenmappen' }).waitFor()
    await staff.getByText('Noch keine Mappen').waitFor()
    await shoot(staff, 'folders-empty')

    await staff.getByRole('link', { name: 'Mappe anlegen' }).click()
    await staff.getByRole('heading', { level: 1, name: 'Mappe anlegen' }).waitFor()
    await staff.getByRole('button', { name: 'Mappe anlegen' }).click()
    await staff.getByText('Bitte geben Sie der Mappe einen Titel.').waitFor()
    await staff.getByLabel('Titel der Mappe').fill(FOLDER)
    await staff.getByRole('radio', { name: /Alle beim Mandanten/ }).check()
    expect(await staff.getByRole('radio', { name: /Nur Kanzlei/ }).count()).toBe(0)
    await shoot(staff, 'folder-new')
    await staff.getByRole('button', { name: 'Mappe anlegen' }).click()
    await staff.waitForURL(/\/mappen\/[0-9a-f-]{36}$/)
    folderUrl = staff.url()
    await staff.getByRole('heading', { level: 1, name: FOLDER }).waitFor()
    await staff.getByText('Diese Mappe ist noch leer').waitFor()
    await staff.getByText('Noch keine Kommentare').waitFor()
    // Nothing to download yet.
    expect(await staff.getByRole('link', { name: 'Als ZIP herunterladen' }).count()).toBe(0)

    await staff.getByRole('button', { name: 'Dokumente hinzufügen' }).click()
    const picker = staff.getByRole('dialog', { name: 'Dokumente hinzufügen' })
    await picker.getByRole('button', { name: 'Hinzufügen' }).click()
    await picker.getByText('Bitte wählen Sie mindestens ein Dokument.').waitFor()
    await picker.getByRole('searchbox', { name: 'Dokumente durchsuchen' }).fill('xyz')
    await picker.getByText('Kein Dokument passt zu „xyz“.').waitFor()
    await picker.getByRole('searchbox', { name: 'Dokumente durchsuchen' }).fill('')
    for (const doc of DOCUMENTS) await picker.getByLabel(doc.title).check()
    await shoot(staff, 'folder-picker')
    await picker.getByRole('button', { name: '2 hinzufügen' }).click()
    await staff.getByText('2 Dokumente sind jetzt in der Mappe.').waitFor()
    const documents = staff.getByRole('list', { name: 'Dokumente' })
    for (const doc of DOCUMENTS) await documents.getByText(doc.title, { exact: true }).waitFor()
    await staff.getByRole('link', { name: 'Gesellschaftsvertrag herunterladen' }).waitFor()
    await staff.getByRole('link', { name: /Vorschau von Gesellschaftsvertrag/ }).waitFor()

    // A first note from the firm, which the lawyer will take back later.
    await staff.getByLabel('Ihr Kommentar').fill(EARLY_NOTE)
    await staff.getByRole('button', { name: 'Kommentar senden' }).click()
    await comment(staff, EARLY_NOTE).waitFor()
    await expect(staff.getByLabel('Ihr Kommentar').inputValue()).resolves.toBe('')
    await shoot(staff, 'folder-staff')
    pages.expectClean()
  })

  it('the client opens the folder and mentions the lawyer in a comment', async () => {
    owner = await pages.open(PHONE_SIZE)
    await signIn(owner, server.origin, OWNER.email, OWNER.password)
    await owner.goto(`${server.origin}/mandanten/${clientId}`)
    await tab(owner, 'Mappen').click()
    const row = owner.getByRole('list', { name: 'Mappen von Alpha GmbH' }).getByRole('listitem')
    await row.getByText('2 Dokumente · 1 Kommentar', { exact: false }).waitFor()
    await shoot(owner, 'folders-list')
    await row.getByRole('link', { name: FOLDER }).click()
    await owner.waitForURL(folderUrl)
    await owner.getByRole('heading', { level: 1, name: FOLDER }).waitFor()
    for (const doc of DOCUMENTS) await owner.getByText(doc.title, { exact: true }).waitFor()
    // The client neither adds nor removes documents.
    expect(await owner.getByRole('button', { name: 'Dokumente hinzufügen' }).count()).toBe(0)
    expect(await owner.getByRole('button', { name: /aus der Mappe nehmen/ }).count()).toBe(0)
    await comment(owner, EARLY_NOTE).getByText('Kanzlei', { exact: true }).waitFor()

    const field = owner.getByLabel('Ihr Kommentar')
    await field.click()
    await field.pressSequentially('Frage zu § 5: ist das so gewollt, @Ber')
    const suggestions = owner.getByRole('listbox', { name: 'Personen, die Sie erwähnen können' })
    await suggestions.getByRole('option', { name: /Dr\. Anna Berger/ }).waitFor()
    // Oneself is never suggested.
    expect(await suggestions.getByRole('option', { name: /Maximilian Brandt/ }).count()).toBe(0)
    await shoot(owner, 'folder-mention')
    await field.press('Enter')
    await expect(field.inputValue()).resolves.toBe(
      'Frage zu § 5: ist das so gewollt, @Dr. Anna Berger ',
    )
    await field.pressSequentially('?')
    await owner.getByRole('button', { name: 'Kommentar senden' }).click()
    const sent = comment(owner, 'Frage zu § 5')
    await sent.locator('.mention', { hasText: '@Dr. Anna Berger' }).waitFor()
    await sent.getByText('Sie', { exact: true }).waitFor()

    // The lawyer gets a mail with a link to the folder, and without the comment's text.
    const mail = await mailbox.take(FIRM.email, /Sie wurden in einem Kommentar erwähnt/)
    expect(linkIn(mail)).toBe(folderUrl)
    expect(mail.text).not.toContain('§ 5')
    pages.expectClean()
  })

  it('the lawyer replies, edits the reply (history on click), deletes the early note', async () => {
    await staff.reload()
    const question = comment(staff, 'Frage zu § 5')
    await question.locator('.mention', { hasText: '@Dr. Anna Berger' }).waitFor()
    await question.getByText(OWNER.displayName).waitFor()

    await staff.getByLabel('Ihr Kommentar').fill(REPLY)
    await staff.getByRole('button', { name: 'Kommentar senden' }).click()
    const reply = comment(staff, REPLY)
    await reply.waitFor()
    await reply.getByRole('button', { name: 'Bearbeiten' }).click()
    // While editing, the comment holds a field instead of its text.
    const editor = thread(staff).getByLabel('Kommentar bearbeiten')
    await expect(editor.inputValue()).resolves.toBe(REPLY)
    await editor.fill(REPLY_EDITED)
    await thread(staff).getByRole('button', { name: 'Speichern' }).click()
    const edited = comment(staff, REPLY_EDITED)
    await edited.getByRole('button', { name: /bearbeitet/ }).click()
    const history = staff.getByRole('dialog', { name: 'Verlauf des Kommentars' })
    await history.getByText('Aktuelle Fassung').waitFor()
    await history.getByText(REPLY_EDITED).waitFor()
    await history.getByText(REPLY, { exact: true }).waitFor()
    await history.getByText(/ersetzt am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr/).waitFor()
    await shoot(staff, 'folder-history')
    await history.getByRole('button', { name: 'Schließen', exact: true }).first().click()

    await comment(staff, EARLY_NOTE).getByRole('button', { name: 'Löschen' }).click()
    const confirm = staff.getByRole('dialog', { name: 'Kommentar löschen?' })
    await confirm.getByRole('button', { name: 'Löschen' }).click()
    await comment(staff, 'Kommentar gelöscht').waitFor()
    expect(await thread(staff).getByText(EARLY_NOTE).count()).toBe(0)
    await shoot(staff, 'folder-thread')
    pages.expectClean()
  })

  it('the client sees tombstone and edit, downloads the folder as a ZIP of two', async () => {
    await owner.reload()
    const tombstone = comment(owner, 'Kommentar gelöscht')
    await tombstone.getByText(/gelöscht am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr/).waitFor()
    expect(await thread(owner).getByText(EARLY_NOTE).count()).toBe(0)
    // No history behind a tombstone, and no actions on someone else's comment.
    expect(await tombstone.getByRole('button').count()).toBe(0)
    const reply = comment(owner, REPLY_EDITED)
    await reply.getByRole('button', { name: /bearbeitet/ }).waitFor()
    expect(await reply.getByRole('button', { name: 'Bearbeiten' }).count()).toBe(0)
    await shoot(owner, 'folder-client')

    const [download] = await Promise.all([
      owner.waitForEvent('download'),
      owner.getByRole('link', { name: 'Als ZIP herunterladen' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`${FOLDER}.zip`)
    const zip = await readFile((await download.path())!)
    expect(zip.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))).toBe(true)
    expect(zipEntries(zip)).toBe(2)
    for (const doc of DOCUMENTS) expect(zip.includes(Buffer.from(doc.filename))).toBe(true)
    pages.expectClean()
  })

  it('shows the folder in English as well', async () => {
    await owner.getByRole('button', { name: 'English' }).click()
    await owner.getByRole('heading', { level: 2, name: 'Comments' }).waitFor()
    await owner.getByRole('link', { name: 'Download as ZIP' }).waitFor()
    const comments = owner.getByRole('list', { name: 'Comments on this folder' })
    await comments.getByRole('listitem').filter({ hasText: 'Comment deleted' }).waitFor()
    await comments.getByRole('button', { name: /edited/ }).waitFor()
    await shoot(owner, 'folder-client-en')
    pages.expectClean()
  })
})

import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium } from './helpers/browser'
import { startFirmAndClient, type FirmAndClient } from './helpers/firm'
import { linkIn, type Mailbox } from './helpers/mailbox'
import { FIRM, OWNER, pdf } from './helpers/people'
import type { PortalServer } from './helpers/server'
import { shoot } from './helpers/shots'

const SUBJECT = 'Frage zur Gesellschafterliste'
const QUESTION = 'Muss die Gesellschafterliste nach dem Anteilskauf neu eingereicht werden?'
const ANSWER = 'Ja, der Notar reicht sie ein. Bitte schicken Sie uns noch den Kaufvertrag.'
const FOLLOW_UP = 'Der Kaufvertrag kommt morgen per Post.'

/**
 * Structured messages in two Chromium contexts: the client's owner asks the firm with an
 * attachment, the lawyer answers from the inbox and changes the status; both sides see the
 * status; the client's list shows unread and then read; the lawyer sees who has read.
 */
describe.skipIf(!hasChromium())('messages: a request with attachment is answered', () => {
  let suite: FirmAndClient
  let server: PortalServer
  let mailbox: Mailbox
  let client: Page
  let lawyer: Page
  let threadUrl = ''

  beforeAll(async () => {
    suite = await startFirmAndClient()
    ;({ server, mailbox, client, lawyer } = suite)
  })

  afterAll(async () => {
    await suite?.stop()
  })

  const row = (page: Page, subject: string) => page.getByRole('list', { name: /^(Anfragen|Requests)$/ }).getByRole('listitem').filter({ hasText: subject })
  const message = (page: Page, text: string) => page.locator('.msg-thread > li').filter({ hasText: text })

  it('the client asks with an attachment; the form explains what is missing in German', async () => {
    await client.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Nachrichten' }).click()
    await client.getByRole('heading', { level: 1, name: 'Ihre Anfragen' }).waitFor()
    await client.getByText('Noch keine Anfragen').waitFor()
    await client.getByRole('link', { name: 'Neue Anfrage' }).first().click()
    await client.getByRole('heading', { level: 1, name: 'Anfrage an die Kanzlei' }).waitFor()
    await client.getByRole('button', { name: 'Anfrage senden' }).click()
    await client.getByText('Bitte wählen Sie eine Kategorie.').waitFor()
    await client.getByText('Bitte geben Sie einen Betreff ein.').waitFor()
    await client.getByText('Bitte schreiben Sie Ihre Nachricht.').waitFor()

    await client.getByLabel('Worum geht es?').selectOption({ label: 'Unterlagen' })
    await client.getByLabel('Betreff').fill(SUBJECT)
    await client.getByLabel('Ihre Nachricht').fill(QUESTION)
    await client.locator('#request-files').setInputFiles({ name: 'Anteilskaufvertrag.pdf', mimeType: 'application/pdf', buffer: pdf(3000) })
    await client.getByText('Anteilskaufvertrag.pdf').waitFor()
    // By default only the author and the firm read along.
    expect(await client.getByRole('radio', { name: /Bestimmte Personen/ }).isChecked()).toBe(true)
    await shoot(client, 'messages-new')
    await client.getByRole('button', { name: 'Anfrage senden' }).click()
    await client.waitForURL(/\/nachrichten\/[0-9a-f-]{36}$/)
    threadUrl = client.url()
    await client.getByRole('heading', { level: 1, name: SUBJECT }).waitFor()
    await message(client, QUESTION).waitFor()
    await client.getByRole('link', { name: 'Anteilskaufvertrag.pdf öffnen' }).waitFor()
    await client.locator('.msg-head [data-status="new"]').waitFor()
  })

  it('the lawyer is told by mail without content, answers from the inbox and sets the status', async () => {
    const mail = await mailbox.take(FIRM.email, /neue Nachricht/)
    expect(mail.text).not.toContain('Gesellschafterliste')
    expect(mail.text).not.toContain('Anteilskauf')
    expect(linkIn(mail)).toBe(threadUrl.replace(/^http:\/\/127\.0\.0\.1:\d+/, server.origin))

    await lawyer.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Nachrichten' }).click()
    await lawyer.getByRole('heading', { level: 1, name: 'Posteingang' }).waitFor()
    const inboxRow = row(lawyer, SUBJECT)
    await inboxRow.getByText('1 ungelesen').waitFor()
    await inboxRow.getByText(/Wartet seit/).waitFor()
    await inboxRow.getByText('Alpha GmbH', { exact: false }).waitFor()
    await lawyer.getByRole('searchbox', { name: 'Betreff und Text durchsuchen' }).fill('anteilskauf')
    await row(lawyer, SUBJECT).waitFor()
    await lawyer.getByRole('searchbox', { name: 'Betreff und Text durchsuchen' }).fill('mietvertrag')
    await lawyer.getByText('Keine Anfrage passt zu dieser Auswahl.').waitFor()
    await lawyer.getByRole('searchbox', { name: 'Betreff und Text durchsuchen' }).fill('')
    await shoot(lawyer, 'messages-inbox')

    await row(lawyer, SUBJECT).getByRole('link', { name: SUBJECT }).click()
    await lawyer.getByRole('heading', { level: 1, name: SUBJECT }).waitFor()
    await lawyer.getByRole('link', { name: 'Anteilskaufvertrag.pdf öffnen' }).waitFor()
    await lawyer.getByText(/Wartet seit .* auf eine Antwort der Kanzlei/).waitFor()
    await lawyer.getByLabel('Status').selectOption({ label: 'In Bearbeitung' })
    await lawyer.locator('.msg-head [data-status="in_progress"]').waitFor()
    await lawyer.getByLabel('Antwort', { exact: true }).fill(ANSWER)
    await lawyer.getByRole('button', { name: 'Antwort senden' }).click()
    await message(lawyer, ANSWER).waitFor()
    await lawyer.getByText('Die Kanzlei hat zuletzt geantwortet.').waitFor()
    await lawyer.getByLabel('Status').selectOption({ label: 'Wartet auf Mandant' })
    await lawyer.locator('.msg-head [data-status="waiting_for_client"]').waitFor()
    await lawyer.getByText('Noch von niemandem außer dem Absender gelesen').waitFor()
    await shoot(lawyer, 'messages-thread-staff')
  })

  it('the client sees the answer as unread with the new status, then as read; the lawyer sees who read it', async () => {
    await client.goto(`${server.origin}/nachrichten`)
    const listRow = row(client, SUBJECT)
    await listRow.getByText('1 ungelesen').waitFor()
    await listRow.getByText('Wartet auf Ihre Antwort').waitFor()
    await shoot(client, 'messages-list-unread')
    await listRow.getByRole('link', { name: SUBJECT }).click()
    await message(client, ANSWER).waitFor()
    await client.locator('.msg-head [data-status="waiting_for_client"]').waitFor()
    await shoot(client, 'messages-thread-client')
    await client.getByRole('link', { name: 'Zu allen Nachrichten' }).click()
    await row(client, SUBJECT).getByText('Gelesen').waitFor()
    expect(await row(client, SUBJECT).getByText('1 ungelesen').count()).toBe(0)
    await shoot(client, 'messages-list-read')

    await lawyer.reload()
    await lawyer.getByText(`Gelesen von ${OWNER.displayName}`).waitFor()
  })

  it('the client answers, edits and deletes; the request reopens and the lawyer closes it, visible on both sides', async () => {
    await client.goto(threadUrl)
    await client.getByLabel('Antwort', { exact: true }).fill('Der Kaufvertrag kommt morgn.')
    // An existing document (the one uploaded with the request) is attached by reference.
    await client.getByText('Vorhandenes Dokument anhängen').click()
    await client.getByRole('group', { name: 'Vorhandenes Dokument anhängen' }).getByLabel('Anteilskaufvertrag.pdf').check()
    await client.getByText('1 vorhandenes Dokument ausgewählt').waitFor()
    await client.getByRole('button', { name: 'Antwort senden' }).click()
    const mine = message(client, 'Der Kaufvertrag kommt morgn.')
    await mine.waitFor()
    await mine.getByRole('link', { name: 'Anteilskaufvertrag.pdf öffnen' }).waitFor()
    // A client's answer reopens the request on both sides.
    await client.locator('.msg-head [data-status="in_progress"]').waitFor()
    await mine.getByRole('button', { name: 'Bearbeiten' }).click()
    await client.getByLabel('Nachricht bearbeiten').fill(FOLLOW_UP)
    await client.getByRole('button', { name: 'Speichern' }).click()
    await message(client, FOLLOW_UP).getByRole('button', { name: /Bearbeitet/ }).click()
    const history = client.getByRole('dialog', { name: 'Frühere Fassungen' })
    await history.getByText('Der Kaufvertrag kommt morgn.').waitFor()
    await shoot(client, 'messages-history')
    await history.getByRole('button', { name: 'Schließen' }).last().click()
    await client.getByLabel('Antwort', { exact: true }).fill('Versehentlich doppelt.')
    await client.getByRole('button', { name: 'Antwort senden' }).click()
    await message(client, 'Versehentlich doppelt.').getByRole('button', { name: 'Löschen' }).click()
    await client.getByRole('dialog', { name: 'Nachricht löschen?' }).getByRole('button', { name: 'Löschen' }).click()
    await client.getByText('Diese Nachricht wurde gelöscht.').waitFor()
    expect(await client.getByText('Versehentlich doppelt.').count()).toBe(0)

    await lawyer.reload()
    await lawyer.locator('.msg-head [data-status="in_progress"]').waitFor()
    await message(lawyer, FOLLOW_UP).waitFor()
    await lawyer.getByText('Diese Nachricht wurde gelöscht.').waitFor()
    await lawyer.getByLabel('Status').selectOption({ label: 'Erledigt' })
    await lawyer.locator('.msg-head [data-status="done"]').waitFor()

    await client.goto(`${server.origin}/nachrichten`)
    await row(client, SUBJECT).getByText('Erledigt').waitFor()
    await shoot(client, 'messages-list-done')
    // English second: the same list and thread in English.
    await client.getByRole('button', { name: 'English' }).click()
    await client.getByRole('heading', { level: 1, name: 'Your requests' }).waitFor()
    await row(client, SUBJECT).getByText('Done').waitFor()
    await row(client, SUBJECT).getByRole('link', { name: SUBJECT }).click()
    await client.getByText('This message was deleted.').waitFor()
    await client.getByRole('button', { name: 'Send answer' }).waitFor()
    await shoot(client, 'messages-thread-en')
    await client.getByRole('button', { name: 'Deutsch' }).click()
    suite.pages.expectClean()
  })
})

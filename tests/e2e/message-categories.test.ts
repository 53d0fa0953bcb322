import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium } from './helpers/browser'
import { startFirmAndClient, type FirmAndClient } from './helpers/firm'
import type { PortalServer } from './helpers/server'
import { shoot } from './helpers/shots'

const SUBJECT = 'Fehlende Vollmacht für das Finanzamt'
const TEXT = 'Bitte unterschreiben Sie die beigefügte Vollmacht und laden Sie sie hier hoch.'

/**
 * Issue 7, the two remaining screens: the admin defines request categories on
 * /verwaltung/nachrichten (add, archive) and the client's form offers exactly the active ones;
 * the lawyer starts a request to the client from the inbox and the client sees it.
 */
describe.skipIf(!hasChromium())('messages: categories and a request started by the firm', () => {
  let suite: FirmAndClient
  let server: PortalServer
  let client: Page
  let lawyer: Page

  beforeAll(async () => {
    suite = await startFirmAndClient()
    ;({ server, client, lawyer } = suite)
  })

  afterAll(async () => {
    await suite?.stop()
  })

  const categoryList = (page: Page) => page.getByRole('list', { name: 'Kategorien für Anfragen' })
  const categoryOptions = async (page: Page) => (await page.getByLabel('Worum geht es?').locator('option').allTextContents()).map((s) => s.trim())

  it('the admin adds a category and archives one; the client is offered exactly the active ones', async () => {
    await lawyer.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verwaltung' }).click()
    await lawyer.getByRole('navigation', { name: 'Verwaltung der Kanzlei' }).getByRole('link', { name: 'Nachrichtenkategorien' }).click()
    await lawyer.getByRole('heading', { level: 1, name: 'Nachrichtenkategorien' }).waitFor()
    await categoryList(lawyer).getByRole('listitem').filter({ hasText: 'Frage' }).first().waitFor()

    await lawyer.getByRole('button', { name: 'Hinzufügen' }).click()
    await lawyer.getByText('Bitte geben Sie den deutschen Namen ein.').waitFor()
    await lawyer.getByText('Bitte geben Sie den englischen Namen ein.').waitFor()
    await lawyer.getByLabel('Name (Deutsch)').fill('Vollmacht')
    await lawyer.getByLabel('Name (Englisch)').fill('Power of attorney')
    await lawyer.getByRole('button', { name: 'Hinzufügen' }).click()
    await lawyer.getByText('„Vollmacht“ wurde hinzugefügt.').waitFor()
    const added = categoryList(lawyer).getByRole('listitem').filter({ hasText: 'Vollmacht' })
    await added.getByText('Power of attorney').waitFor()

    const feedback = categoryList(lawyer).getByRole('listitem').filter({ hasText: 'Feedback' })
    await feedback.getByRole('button', { name: 'Archivieren' }).click()
    await feedback.getByText('Archiviert', { exact: true }).waitFor()
    await lawyer.getByText('Die Kategorie „Feedback“ wird für neue Anfragen nicht mehr angeboten. Bestehende Anfragen behalten sie.').waitFor()
    await shoot(lawyer, 'message-categories')

    await client.goto(`${server.origin}/nachrichten/neu`)
    await client.getByRole('heading', { level: 1, name: 'Anfrage an die Kanzlei' }).waitFor()
    await client.getByLabel('Worum geht es?').locator('option', { hasText: 'Vollmacht' }).waitFor({ state: 'attached' })
    const options = await categoryOptions(client)
    expect(options).toContain('Vollmacht')
    expect(options).not.toContain('Feedback')
  })

  it('the lawyer starts a request to the client from the inbox; the client sees it', async () => {
    await lawyer.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Nachrichten' }).click()
    await lawyer.getByRole('heading', { level: 1, name: 'Posteingang' }).waitFor()
    await lawyer.getByRole('link', { name: 'Neue Nachricht an Mandanten' }).click()
    await lawyer.getByRole('heading', { level: 1, name: 'Neue Nachricht an Mandanten' }).waitFor()
    await lawyer.getByRole('button', { name: 'Anfrage senden' }).click()
    await lawyer.getByText('Bitte wählen Sie den Mandanten.').waitFor()
    await lawyer.getByLabel('Mandant', { exact: true }).selectOption({ label: 'Alpha GmbH' })
    // The whole client reads it by default.
    await lawyer.getByRole('radio', { name: /Alle beim Mandanten/ }).waitFor()
    expect(await lawyer.getByRole('radio', { name: /Alle beim Mandanten/ }).isChecked()).toBe(true)
    await lawyer.getByLabel('Worum geht es?').selectOption({ label: 'Vollmacht' })
    await lawyer.getByLabel('Betreff').fill(SUBJECT)
    await lawyer.getByLabel('Ihre Nachricht').fill(TEXT)
    await shoot(lawyer, 'messages-new-staff')
    await lawyer.getByRole('button', { name: 'Anfrage senden' }).click()
    await lawyer.waitForURL(/\/nachrichten\/[0-9a-f-]{36}$/)
    await lawyer.getByRole('heading', { level: 1, name: SUBJECT }).waitFor()

    await client.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Nachrichten' }).click()
    await client.getByRole('heading', { level: 1, name: 'Ihre Anfragen' }).waitFor()
    const row = client.getByRole('list', { name: 'Anfragen' }).getByRole('listitem').filter({ hasText: SUBJECT })
    await row.getByRole('link', { name: SUBJECT }).click()
    await client.getByRole('heading', { level: 1, name: SUBJECT }).waitFor()
    await client.locator('.msg-thread > li').filter({ hasText: TEXT }).waitFor()
    await shoot(client, 'messages-from-firm')
    suite.pages.expectClean()
  })
})

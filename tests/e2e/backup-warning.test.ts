import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium, signedInPage, watchPage } from './helpers/browser'
import { FIRM } from './helpers/people'
import { ownerDatabase, setUpFirm } from './helpers/portal-api'
import { startPortal, type PortalServer } from './helpers/server'
import { DESKTOP_SIZE, shoot } from './helpers/shots'

/**
 * The admin's backup warning on the home page: nothing while backups are fine (a fresh portal has
 * 26 hours for its first), a German warning with the last success, the server's message and what
 * to do once the scheduler opened an incident, and gone again when the incident is closed.
 */
describe.skipIf(!hasChromium())('backup warning on the staff home page', () => {
  let server: PortalServer
  let browser: Browser

  beforeAll(async () => {
    server = await startPortal()
    browser = await launchChromium()
    await setUpFirm(server, FIRM)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('warns the admin in German when backups failed, and stops when they work again', async () => {
    const page = await signedInPage(browser, server.origin, FIRM.email, FIRM.password, DESKTOP_SIZE)
    const watch = watchPage(page, server.origin)
    await expect.poll(() => page.locator('.page-head__title').textContent()).toContain('Dr. Anna Berger')
    expect(await page.locator('.backup-warning').count()).toBe(0)

    const sql = await ownerDatabase(server)
    try {
      await sql`insert into public.backup_runs (kind, trigger, status, target, started_at, finished_at, error) values
                ('backup', 'scheduled', 'succeeded', 'directory', '2026-11-25T01:30:00Z', '2026-11-25T01:31:00Z', null),
                ('backup', 'scheduled', 'failed', 'directory', '2026-11-26T01:30:00Z', '2026-11-26T01:30:04Z', 'ENOSPC: no space left on device, write')`
      await sql`insert into public.backup_incidents (reason, opened_at, mailed_at) values ('failed', '2026-11-26T01:30:05Z', '2026-11-26T01:30:05Z')`
      await page.reload()
      const warning = page.locator('.backup-warning')
      await expect.poll(() => warning.textContent()).toContain('Datensicherung fehlgeschlagen')
      const text = (await warning.textContent()) ?? ''
      expect(text).toContain('Die letzte Datensicherung oder ihre Prüfung ist am 26.11.2026')
      expect(text).toContain('Letzte erfolgreiche Sicherung: 25.11.2026')
      expect(text).toContain('Meldung: ENOSPC: no space left on device, write')
      expect(text).toContain('docs/operations.md')
      expect(await warning.getByRole('alert').count()).toBe(1)
      await shoot(page, 'backup-warning')

      await sql`update public.backup_incidents set closed_at = now()`
      await page.reload()
      await expect.poll(() => page.locator('.page-head__title').textContent()).toContain('Dr. Anna Berger')
      expect(await page.locator('.backup-warning').count()).toBe(0)
    } finally {
      await sql.end()
    }
    expect(watch.errors).toEqual([])
  })
})

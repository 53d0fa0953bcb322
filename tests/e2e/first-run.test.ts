import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium, watchPage, type PageWatch } from './helpers/browser'
import { REPO_ROOT, startPortal, type PortalServer } from './helpers/server'

const SHOTS = path.join(REPO_ROOT, 'test-results', 'e2e')
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
}
const DESKTOP = { viewport: { width: 1280, height: 800 } }

const WEAK = 'passwort123'
const STRONG = 'Mondschein über Tübingen 7'

describe.skipIf(!hasChromium())('first run: from an empty portal to the lawyer’s account', () => {
  let server: PortalServer
  let browser: Browser
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    server = await startPortal()
    browser = await launchChromium()
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
  })

  async function open(
    device: typeof PHONE | typeof DESKTOP,
  ): Promise<{ page: Page; watch: PageWatch }> {
    const context = await browser.newContext({
      ...device,
      locale: 'de-DE',
      serviceWorkers: 'allow',
    })
    contexts.push(context)
    const page = await context.newPage()
    return { page, watch: watchPage(page, server.origin) }
  }

  function expectClean(watch: PageWatch) {
    expect(watch.foreignRequests, 'requests to other origins').toEqual([])
    expect(watch.errors, 'console errors (CSP violations show up here)').toEqual([])
  }

  const problem = (page: Page, text: string) => page.locator('.checklist__item', { hasText: text })

  // The desktop page of the first test stays open: it later tries a second setup.
  let late: { page: Page; watch: PageWatch }

  it('sends / to the first-run page and explains a weak password while typing (desktop)', async () => {
    late = await open(DESKTOP)
    const { page, watch } = late
    const response = await page.goto(`${server.origin}/`)
    // The page runs under the strict CSP (no inline script or style); watch catches violations.
    expect(response?.headers()['content-security-policy']).toContain("style-src 'self'")
    await page.waitForURL(`${server.origin}/einrichtung`)
    await page.getByRole('heading', { level: 1, name: 'Portal einrichten' }).waitFor()
    expect(await page.getAttribute('html', 'lang')).toBe('de')
    await page.screenshot({ path: path.join(SHOTS, 'setup-desktop.png'), fullPage: true })

    await page.fill('#firmName', 'Kanzlei Hartmann & Weber')
    await page.fill('#password', WEAK)
    await problem(page, 'Mindestens 15 Zeichen').waitFor({ timeout: 20_000 })
    await problem(page, 'Dieses Passwort ist zu verbreitet').waitFor()
    expect(await page.getAttribute('#password', 'aria-describedby')).toContain('password-feedback')
    await page.fill('#password', 'Hartmann Kanzlei Weber Akten')
    await problem(page, 'Enthält Ihren Namen, die Kanzlei oder Ihre E-Mail-Adresse').waitFor()
    await page.screenshot({ path: path.join(SHOTS, 'setup-feedback-desktop.png'), fullPage: true })
    expectClean(watch)
  })

  it('creates the firm and the admin account and leads to sign-in (phone)', async () => {
    const { page, watch } = await open(PHONE)
    await page.goto(`${server.origin}/`)
    await page.waitForURL(`${server.origin}/einrichtung`)
    await page.screenshot({ path: path.join(SHOTS, 'setup-phone.png'), fullPage: true })

    // Submitting the empty form: German errors tied to the fields, focus on the first one.
    await page.getByRole('button', { name: 'Portal einrichten' }).click()
    await page.getByText('Bitte geben Sie den Namen der Kanzlei ein.').waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('firmName')
    expect(await page.getAttribute('#firmName', 'aria-invalid')).toBe('true')
    expect(await page.getAttribute('#firmName', 'aria-describedby')).toContain('firmName-error')
    await page.screenshot({ path: path.join(SHOTS, 'setup-errors-phone.png'), fullPage: true })

    await page.fill('#firmName', 'Kanzlei Hartmann & Weber')
    await page.fill('#displayName', 'Dr. Clara Hartmann')
    await page.fill('#email', 'c.hartmann@kanzlei-hartmann.example')
    await page.fill('#password', WEAK)
    await problem(page, 'Mindestens 15 Zeichen').waitFor({ timeout: 20_000 })
    await page.fill('#password', STRONG)
    await page
      .locator('.checklist__item', { hasText: 'Dieses Passwort erfüllt alle Anforderungen.' })
      .waitFor()
    expect(await problem(page, 'Mindestens 15 Zeichen').count()).toBe(0)
    await page.fill('#passwordRepeat', STRONG)
    await page.screenshot({ path: path.join(SHOTS, 'setup-filled-phone.png'), fullPage: true })

    await page.getByRole('button', { name: 'Portal einrichten' }).click()
    await page.waitForURL(`${server.origin}/anmelden`)
    await page.getByText('Ihr Portal ist eingerichtet.').waitFor()
    expect(await page.inputValue('#email')).toBe('c.hartmann@kanzlei-hartmann.example')
    await page.screenshot({ path: path.join(SHOTS, 'sign-in-phone.png'), fullPage: true })

    // The service worker keeps the app shell, never an API answer.
    const cached = await page.evaluate(async () => {
      await navigator.serviceWorker.ready
      const paths: string[] = []
      for (const name of await caches.keys())
        for (const request of await (await caches.open(name)).keys())
          paths.push(new URL(request.url).pathname)
      return paths
    })
    expect(cached).toContain('/index.html')
    expect(cached).toContain('/manifest.webmanifest')
    expect(cached.filter((entry) => entry.startsWith('/functions/'))).toEqual([])

    const state = await fetch(`${server.origin}/functions/v1/auth/setup`)
    expect(await state.json()).toMatchObject({ needsSetup: false })
    expectClean(watch)
  })

  it('refuses a second setup from a page opened before the first one finished (desktop)', async () => {
    const { page, watch } = late
    await page.fill('#displayName', 'Jonas Weber')
    await page.fill('#email', 'j.weber@kanzlei-hartmann.example')
    await page.fill('#password', 'Regenbogen über dem Neckar 42')
    await page.fill('#passwordRepeat', 'Regenbogen über dem Neckar 42')
    await page.getByRole('button', { name: 'Portal einrichten' }).click()
    await page.getByRole('alert').getByText('Dieses Portal ist bereits eingerichtet.').waitFor()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert')
    await page.screenshot({
      path: path.join(SHOTS, 'setup-already-done-desktop.png'),
      fullPage: true,
    })
    expectClean(watch)
  })

  it('sends / to sign-in once set up, switches language, and knows unknown pages (desktop)', async () => {
    const { page, watch } = await open(DESKTOP)
    await page.goto(`${server.origin}/`)
    await page.waitForURL(`${server.origin}/anmelden`)
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor()
    await page.screenshot({ path: path.join(SHOTS, 'sign-in-desktop.png'), fullPage: true })

    await page.goto(`${server.origin}/einrichtung`)
    await page.waitForURL(`${server.origin}/anmelden`)

    // A refused sign-in gives one generic sentence (or, before sign-in exists, says so).
    await page.fill('#email', 'c.hartmann@kanzlei-hartmann.example')
    await page.fill('#password', 'nicht das richtige Passwort')
    await page.getByRole('button', { name: 'Anmelden' }).click()
    const refusal = await page.getByRole('alert').textContent()
    expect(refusal).toContain('E-Mail-Adresse oder Passwort ist nicht korrekt')
    await page.screenshot({ path: path.join(SHOTS, 'sign-in-refused-desktop.png'), fullPage: true })

    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    await page.screenshot({ path: path.join(SHOTS, 'sign-in-english-desktop.png'), fullPage: true })
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
    // Only the language choice is kept in the browser, never a token.
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['mandantenportal.locale'])
    await page.getByRole('button', { name: 'Deutsch' }).click()
    expect(await page.getAttribute('html', 'lang')).toBe('de')

    const manifest = await fetch(`${server.origin}/manifest.webmanifest`)
    expect(manifest.headers.get('content-type')).toContain('application/manifest+json')
    expect(await manifest.json()).toMatchObject({
      name: 'Mandantenportal',
      lang: 'de',
      display: 'standalone',
    })

    await page.goto(`${server.origin}/gibt-es-nicht`)
    await page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' }).waitFor()
    await page.screenshot({ path: path.join(SHOTS, 'not-found-desktop.png'), fullPage: true })
    expectClean(watch)
  })
})

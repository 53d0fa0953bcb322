import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

/** Whether Debian's Chromium is installed; e2e suites skip (with a printed reason) without it. */
export function hasChromium(): boolean {
  const present = existsSync(CHROMIUM)
  if (!present) console.warn(`e2e skipped: ${CHROMIUM} not found (apt-get install chromium)`)
  return present
}

/** Debian's Chromium, headless, with a throwaway profile and no background traffic of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export type PageWatch = {
  /** URLs the page requested from anywhere but the portal's origin. */
  foreignRequests: string[]
  /** Console errors and uncaught exceptions (a CSP violation shows up here). */
  errors: string[]
}

/**
 * Records what SECURITY.md forbids: requests to other origins and console errors (a CSP violation
 * is one). Failed API calls the page handles are not errors of the page.
 */
export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { foreignRequests: [], errors: [] }
  page.on('request', (request) => {
    const url = request.url()
    if (url.startsWith('data:') || url.startsWith('blob:')) return
    if (!url.startsWith(`${origin}/`) && url !== origin) watch.foreignRequests.push(url)
  })
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    // Chromium logs every 4xx/5xx answer; a refused API call (e.g. a wrong password) is expected.
    const expectedRefusal =
      message.text().startsWith('Failed to load resource') &&
      message.location().url.startsWith(`${origin}/functions/`)
    if (!expectedRefusal) watch.errors.push(message.text())
  })
  page.on('pageerror', (error) => watch.errors.push(String(error)))
  return watch
}

/** A fresh browser context (German, the given size) signed in through the sign-in page. */
export async function signedInPage(browser: Browser, origin: string, email: string, password: string, size: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport: size, locale: 'de-DE' })
  const page = await context.newPage()
  await signIn(page, origin, email, password)
  return page
}

/** Signs in through the sign-in page and waits for the start page. */
export async function signIn(page: Page, origin: string, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/anmelden`)
  await page.fill('#email', email)
  await page.fill('#password', password)
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click()
  await page.waitForURL(`${origin}/`)
}

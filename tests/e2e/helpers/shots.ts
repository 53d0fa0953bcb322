import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { REPO_ROOT } from './server'

export const SHOTS = path.join(REPO_ROOT, 'test-results', 'e2e')
export const PHONE_SIZE = { width: 390, height: 844 }
export const DESKTOP_SIZE = { width: 1280, height: 800 }

/**
 * Full-page screenshots of the current page at desktop (1280×800) and phone (390×844) width,
 * named <name>-desktop.png and <name>-phone.png; the page returns to the size it had.
 */
export async function shoot(page: Page, name: string, dir = SHOTS): Promise<void> {
  await mkdir(dir, { recursive: true })
  const before = page.viewportSize() ?? DESKTOP_SIZE
  for (const [suffix, size] of [
    ['desktop', DESKTOP_SIZE],
    ['phone', PHONE_SIZE],
  ] as const) {
    await page.setViewportSize(size)
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))))
    await page.screenshot({ path: path.join(dir, `${name}-${suffix}.png`), fullPage: true })
  }
  await page.setViewportSize(before)
}

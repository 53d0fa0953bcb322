import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { watchPage, type PageWatch } from './browser'
import { DESKTOP_SIZE } from './shots'

/**
 * The pages of one suite: each opened in a fresh German context of the given size (no cookies,
 * nothing shared with the other pages; downloads accepted) and watched for foreign requests and
 * console errors; `expectClean` asserts none happened on any of them.
 */
export function pageSet(browser: () => Browser, origin: () => string) {
  const contexts: BrowserContext[] = []
  const watches: PageWatch[] = []
  return {
    async open(size = DESKTOP_SIZE): Promise<Page> {
      const context = await browser().newContext({ viewport: size, locale: 'de-DE', acceptDownloads: true })
      contexts.push(context)
      const page = await context.newPage()
      watches.push(watchPage(page, origin()))
      return page
    },
    /** Watches a page opened elsewhere (e.g. by signedInPage). */
    watch(page: Page) {
      watches.push(watchPage(page, origin()))
    },
    expectClean() {
      for (const watch of watches) {
        expect(watch.foreignRequests, 'requests to other origins').toEqual([])
        expect(watch.errors, 'console errors (CSP violations show up here)').toEqual([])
      }
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {})
    },
  }
}

export type PageSet = ReturnType<typeof pageSet>

import type { Browser, Page } from 'playwright-core'
import { launchChromium, signedInPage } from './browser'
import { startMailbox, type Mailbox } from './mailbox'
import { pageSet, type PageSet } from './pages'
import { FIRM, OWNER } from './people'
import { createClientWithOwner, setUpFirm, signInByApi } from './portal-api'
import { startPortal, type PortalServer } from './server'
import { DESKTOP_SIZE } from './shots'

export type Firm = {
  server: PortalServer
  mailbox: Mailbox
  browser: Browser
  /** The admin lawyer's (FIRM) session cookie for API set-up calls. */
  cookie: string
  /** Watched pages of this suite; `stop` closes them. */
  pages: PageSet
  stop(): Promise<void>
}

/**
 * A portal sending mail to a test mailbox, the firm set up with its admin lawyer (FIRM) signed in
 * by API, and Chromium: what every staff-side suite starts from. Cleans up when a step fails.
 */
export async function startFirm(): Promise<Firm> {
  const mailbox = await startMailbox()
  let server: PortalServer | undefined
  let browser: Browser | undefined
  let pages: PageSet | undefined
  const stop = async () => {
    await pages?.close()
    await browser?.close()
    await server?.stop()
    await mailbox.close()
  }
  try {
    server = await startPortal({ env: { SMTP_URL: mailbox.url } })
    await setUpFirm(server, FIRM)
    const cookie = await signInByApi(server, FIRM.email, FIRM.password)
    browser = await launchChromium()
    const origin = server.origin
    pages = pageSet(() => browser!, () => origin)
    return { server, mailbox, browser, cookie, pages, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

export type FirmAndClient = Firm & {
  /** The client's owner (OWNER), signed in at desktop size. */
  client: Page
  /** The firm's admin lawyer (FIRM), signed in at desktop size. */
  lawyer: Page
}

/**
 * startFirm, plus one client whose owner accepted the invitation, with the owner and the lawyer
 * signed in in two watched browser contexts (the messages suites).
 */
export async function startFirmAndClient(): Promise<FirmAndClient> {
  const firm = await startFirm()
  try {
    const { server, mailbox, browser, cookie, pages } = firm
    await createClientWithOwner(server, mailbox, cookie, OWNER)
    const client = await signedInPage(browser, server.origin, OWNER.email, OWNER.password, DESKTOP_SIZE)
    const lawyer = await signedInPage(browser, server.origin, FIRM.email, FIRM.password, DESKTOP_SIZE)
    for (const page of [client, lawyer]) pages.watch(page)
    return { ...firm, client, lawyer }
  } catch (error) {
    await firm.stop()
    throw error
  }
}

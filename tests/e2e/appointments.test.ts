import { copyFile, mkdir, readdir } from 'node:fs/promises'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium, signedInPage, watchPage, type PageWatch } from './helpers/browser'
import { decodeQuotedPrintable, startMailbox, type Mail, type Mailbox } from './helpers/mailbox'
import { FIRM, OWNER } from './helpers/people'
import { createClientWithOwner, ownerDatabase, setUpFirm, signInByApi } from './helpers/portal-api'
import { startPortal, type PortalServer } from './helpers/server'
import { DESKTOP_SIZE, SHOTS, shoot } from './helpers/shots'

/** A decoded part of a multipart mail (the mailbox keeps a multipart body undecoded). */
function partOf(mail: Mail, type: RegExp): { head: string; text: string } {
  const part = mail.text.split(/\r?\n--/).find((p) => type.test(p.slice(0, p.search(/\r?\n\r?\n/))))
  if (!part) throw new Error(`no ${type} part in "${mail.subject}"`)
  const split = part.search(/\r?\n\r?\n/)
  const head = part.slice(0, split)
  const body = part.slice(split).trim()
  const encoding = /Content-Transfer-Encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase()
  return { head, text: encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : body }
}
const plainIn = (mail: Mail) => partOf(mail, /Content-Type: text\/plain/i).text

/** The .ics attachment of a mail, unfolded, as name → value. */
function calendarIn(mail: Mail): Record<string, string> {
  const { head, text } = partOf(mail, /Content-Type: text\/calendar/i)
  expect(head).toMatch(/method=(REQUEST|CANCEL)/)
  const fields: Record<string, string> = {}
  for (const line of text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)) {
    const i = line.indexOf(':')
    if (i > 0 && !(line.slice(0, i).split(';')[0]! in fields)) fields[line.slice(0, i).split(';')[0]!] = line.slice(i + 1)
  }
  return fields
}

describe.skipIf(!hasChromium())('appointments: a client books a video consultation, the lawyer confirms, the client reschedules', () => {
  let server: PortalServer
  let mailbox: Mailbox
  let browser: Browser
  let client: Page
  let lawyer: Page
  const watches: PageWatch[] = []
  let typeId = ''
  let appointmentId = ''
  let cookie = ''
  /** The appointments API as the lawyer. */
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${server.origin}/functions/v1/appointments${route}`, {
      method,
      headers: { Origin: server.origin, Cookie: cookie, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: response.status, json: (await response.json()) as any }
  }

  beforeAll(async () => {
    mailbox = await startMailbox()
    server = await startPortal({ env: { SMTP_URL: mailbox.url } })
    await setUpFirm(server, FIRM)
    cookie = await signInByApi(server, FIRM.email, FIRM.password)
    await createClientWithOwner(server, mailbox, cookie, OWNER)
    // The lawyer's hours: every day 07:00–21:00 Berlin, so the test finds slots whatever the day.
    const week = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, starts: '07:00', ends: '21:00' }))
    expect((await call('PUT', '/availability', { holidayState: null, weekly: week })).status).toBe(200)
    const type = await call('POST', '/types', {
      nameDe: 'Videoberatung',
      nameEn: 'Video consultation',
      descriptionDe: 'Eine erste Einschätzung Ihres Anliegens per Video.',
      descriptionEn: 'A first assessment of your matter by video.',
      durationMinutes: 30,
      location: 'video',
      bufferAfterMinutes: 10,
      noticeHours: 4,
      horizonDays: 21,
      requiresConfirmation: true,
      cutoffHours: 2,
      questions: [{ id: 'anliegen', labelDe: 'Worum geht es?', labelEn: 'What is it about?', required: true }],
    })
    expect(type.status).toBe(201)
    typeId = type.json.id
    browser = await launchChromium()
    client = await signedInPage(browser, server.origin, OWNER.email, OWNER.password, DESKTOP_SIZE)
    lawyer = await signedInPage(browser, server.origin, FIRM.email, FIRM.password, DESKTOP_SIZE)
    watches.push(watchPage(client, server.origin), watchPage(lawyer, server.origin))
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await mailbox?.close()
    await mkdir('/tmp/shots', { recursive: true }).catch(() => {})
    for (const name of await readdir(SHOTS).catch(() => [] as string[]))
      if (name.startsWith('appointments-')) await copyFile(path.join(SHOTS, name), path.join('/tmp/shots', name)).catch(() => {})
  })

  it('the client picks the type, a free slot, answers the question and books', async () => {
    await client.getByRole('link', { name: 'Termine', exact: true }).click()
    await client.waitForURL(`${server.origin}/termine`)
    await client.getByRole('heading', { name: 'Meine Termine' }).waitFor()
    await client.getByRole('link', { name: 'Termin buchen' }).click()
    await client.getByRole('heading', { name: 'Videoberatung' }).waitFor()
    await shoot(client, 'appointments-book-type')
    await client.getByRole('button', { name: 'Auswählen' }).click()
    const firstSlot = client.locator('.slot').first()
    await firstSlot.waitFor()
    await shoot(client, 'appointments-book-slots')
    const startsAt = await firstSlot.getAttribute('data-starts-at')
    await firstSlot.click()
    // A required question left empty is refused in German, nothing is booked.
    await client.getByRole('button', { name: 'Termin anfragen' }).click()
    await client.getByText('Bitte beantworten Sie alle Pflichtfragen.').waitFor()
    await client.fill('#answer-anliegen', 'Prüfung eines Gewerbemietvertrags vor der Unterschrift')
    await shoot(client, 'appointments-book-questions')
    await client.getByRole('button', { name: 'Termin anfragen' }).click()
    await client.getByText('Ihre Anfrage ist eingegangen').waitFor()
    await shoot(client, 'appointments-book-done')
    await client.getByRole('link', { name: 'Details' }).click()
    await client.waitForURL(/\/termine\/[0-9a-f-]{36}$/)
    appointmentId = client.url().split('/').at(-1)!
    await client.getByText('wartet auf Bestätigung').first().waitFor()
    // no Jitsi configured here: the call area says so instead of linking anywhere
    await client.getByText('Videogespräche sind in diesem Portal noch nicht eingerichtet.', { exact: false }).waitFor()
    await shoot(client, 'appointments-detail-client')

    const booked = await mailbox.take(OWNER.email, /^Terminanfrage erhalten: Videoberatung$/)
    expect(plainIn(booked)).toContain(`/termine/${appointmentId}`)
    expect(plainIn(booked)).toContain('Ort: per Video im Portal')
    expect(booked.text).not.toContain('Gewerbemietvertrag')
    const ics = calendarIn(booked)
    expect(ics).toMatchObject({ METHOD: 'REQUEST', UID: `${appointmentId}@mandantenportal`, SEQUENCE: '0' })
    expect(ics.DTSTART).toBe(startsAt!.replace(/[-:]/g, '').replace('.000', ''))
    await mailbox.take(FIRM.email, /^Neue Terminanfrage \(bitte bestätigen\): Videoberatung$/)
  })

  it('the lawyer sees the request in the week calendar and confirms it', async () => {
    await lawyer.goto(`${server.origin}/termine`)
    await lawyer.getByRole('heading', { name: 'Terminkalender' }).waitFor()
    await lawyer.locator(`.appointment-row[data-appointment-id="${appointmentId}"]`).waitFor()
    await shoot(lawyer, 'appointments-week-calendar')
    await lawyer.locator(`.appointment-row[data-appointment-id="${appointmentId}"] a`).click()
    await lawyer.getByText('Prüfung eines Gewerbemietvertrags vor der Unterschrift').waitFor()
    await lawyer.getByRole('button', { name: 'Bestätigen' }).click()
    await lawyer.locator('.page-head .badge', { hasText: 'bestätigt' }).waitFor()
    const confirmed = await mailbox.take(OWNER.email, /^Termin bestätigt: Videoberatung$/)
    expect(calendarIn(confirmed)).toMatchObject({ METHOD: 'REQUEST', UID: `${appointmentId}@mandantenportal`, SEQUENCE: '1', STATUS: 'CONFIRMED' })
  })

  it('the lawyer edits types and availability (screens)', async () => {
    await lawyer.goto(`${server.origin}/termine/arten`)
    await lawyer.locator(`.type-row[data-type-id="${typeId}"]`).waitFor()
    await shoot(lawyer, 'appointments-types')
    await lawyer.locator(`.type-row[data-type-id="${typeId}"]`).getByRole('button', { name: 'Bearbeiten' }).click()
    await lawyer.getByRole('heading', { name: 'Terminart bearbeiten' }).waitFor()
    await shoot(lawyer, 'appointments-type-editor')
    await lawyer.getByRole('button', { name: 'Abbrechen' }).click()
    await lawyer.goto(`${server.origin}/termine/verfuegbarkeit`)
    await lawyer.getByRole('heading', { name: 'Wöchentliche Zeiten' }).waitFor()
    await lawyer.getByRole('button', { name: 'Abo-Adresse erzeugen' }).click()
    const feedUrl = await lawyer.locator('#feed-url').inputValue()
    expect(feedUrl).toMatch(/\/functions\/v1\/appointments\/feed\.ics\?token=/)
    const feed = await fetch(feedUrl.replace(/^https?:\/\/[^/]+/, server.origin))
    const feedText = (await feed.text()).replace(/\r?\n[ \t]/g, '')
    expect(feedText).toContain(`UID:${appointmentId}@mandantenportal`)
    // names of clients only when chosen (the checkbox stays off here): the neutral label
    expect(feedText).toMatch(/SUMMARY:Videoberatung: Termin mit Mandant \S+/)
    await lawyer.getByLabel('Namen der Mandanten im Abo zeigen').waitFor()
    await shoot(lawyer, 'appointments-availability')
  })

  it('the client reschedules; client and lawyer get the mail with the same UID and a higher SEQUENCE', async () => {
    await client.goto(`${server.origin}/termine/${appointmentId}`)
    await client.getByRole('button', { name: 'Verschieben' }).click()
    const slot = client.locator('dialog .slot').nth(1)
    await slot.waitFor()
    const newStart = await slot.getAttribute('data-starts-at')
    await slot.click()
    await shoot(client, 'appointments-reschedule')
    await client.getByRole('button', { name: 'Auf diese Zeit verschieben' }).click()
    await client.locator('.page-head .badge', { hasText: 'wartet auf Bestätigung' }).waitFor()
    const moved = await mailbox.take(OWNER.email, /^Termin verschoben: Videoberatung$/)
    const staffMail = await mailbox.take(FIRM.email, /^Termin verschoben: Videoberatung$/)
    for (const mail of [moved, staffMail]) {
      const ics = calendarIn(mail)
      expect(ics).toMatchObject({ METHOD: 'REQUEST', UID: `${appointmentId}@mandantenportal`, SEQUENCE: '2' })
      expect(ics.DTSTART).toBe(newStart!.replace(/[-:]/g, '').replace('.000', ''))
    }
    await client.goto(`${server.origin}/termine`)
    await client.locator(`.appointment-row[data-appointment-id="${appointmentId}"]`).waitFor()
    await shoot(client, 'appointments-mine')
    for (const watch of watches) {
      expect(watch.foreignRequests).toEqual([])
      expect(watch.errors).toEqual([])
    }
  })

  it('the lawyer enters a phone appointment for the client in a colleague\'s calendar; the client sees it, both get the mail', async () => {
    // A colleague of the lawyer with a phone type that clients book two days ahead and the firm confirms.
    const db = await ownerDatabase(server)
    const clerk = { displayName: 'Clara Vogt', email: 'c.vogt@kanzlei-berger.example' }
    const [row] = await db`insert into public.accounts (email, display_name, kind, mfa_deadline) values (${clerk.email}, ${clerk.displayName}, 'staff', now() + interval '3 days') returning id`
    await db.end()
    const clerkId = row!.id as string
    const week = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, starts: '07:00', ends: '21:00' }))
    expect((await call('PUT', '/availability', { staffId: clerkId, holidayState: null, weekly: week })).status).toBe(200)
    const type = await call('POST', '/types', {
      staffId: clerkId, nameDe: 'Telefontermin', nameEn: 'Phone appointment', durationMinutes: 20, location: 'phone',
      noticeHours: 48, horizonDays: 30, requiresConfirmation: true,
      questions: [{ id: 'thema', labelDe: 'Worum geht es?', labelEn: 'What is it about?', required: true }],
    })
    expect(type.status).toBe(201)

    await lawyer.goto(`${server.origin}/termine`)
    await lawyer.getByRole('heading', { name: 'Terminkalender' }).waitFor()
    await lawyer.getByRole('button', { name: 'Termin eintragen' }).click()
    const dialog = lawyer.getByRole('dialog', { name: 'Termin eintragen' })
    await dialog.waitFor()
    await dialog.locator('#for-client').selectOption({ label: await dialog.locator('#for-client option', { hasText: 'Alpha GmbH' }).innerText() })
    await dialog.locator('#for-person').selectOption({ label: OWNER.displayName })
    await dialog.locator('#for-type').selectOption({ label: `Telefontermin – ${clerk.displayName}` })
    const slot = dialog.locator('.slot').first()
    await slot.waitFor()
    // The firm is not bound by the clients' notice of 48 hours.
    const startsAt = (await slot.getAttribute('data-starts-at'))!
    expect(Date.parse(startsAt)).toBeLessThan(Date.now() + 48 * 3600_000)
    await slot.click()
    await dialog.locator('#answer-thema').fill('Rückruf wegen der Kündigungsfrist')
    await shoot(lawyer, 'appointments-enter-for-client')
    // The dialog itself as the lawyer sees it on opening (a page shot shows it cut by the page's height).
    await dialog.evaluate((element) => element.scrollTo(0, 0))
    await dialog.screenshot({ path: path.join(SHOTS, 'appointments-enter-dialog.png') })
    await dialog.getByRole('button', { name: 'Termin eintragen' }).click()
    await lawyer.getByText('Termin eingetragen:', { exact: false }).waitFor()
    await shoot(lawyer, 'appointments-entered')

    const toClient = await mailbox.take(OWNER.email, /^Termin bestätigt: Telefontermin$/)
    expect(plainIn(toClient)).toContain('die Kanzlei hat für Sie einen Termin eingetragen')
    expect(toClient.text).not.toContain('Kündigungsfrist')
    const ics = calendarIn(toClient)
    expect(ics).toMatchObject({ METHOD: 'REQUEST', SEQUENCE: '0', STATUS: 'CONFIRMED' })
    expect(ics.DTSTART).toBe(startsAt.replace(/[-:]/g, '').replace('.000', ''))
    const id = /^(.+)@mandantenportal$/.exec(ics.UID!)![1]!
    const toClerk = await mailbox.take(clerk.email, /^Neuer Termin: Telefontermin$/)
    expect(plainIn(toClerk)).toContain(`${FIRM.displayName} hat für ${OWNER.displayName} (Alpha GmbH) einen Termin eingetragen.`)
    expect(calendarIn(toClerk)).toMatchObject({ METHOD: 'REQUEST', UID: ics.UID })

    await client.goto(`${server.origin}/termine`)
    await client.locator(`.appointment-row[data-appointment-id="${id}"] a`).click()
    await client.getByText('Von der Kanzlei für Sie eingetragen').waitFor()
    await client.getByText('Rückruf wegen der Kündigungsfrist').waitFor()
    await client.locator('.page-head .badge', { hasText: 'bestätigt' }).waitFor()
    await shoot(client, 'appointments-entered-client')
    for (const watch of watches) {
      expect(watch.foreignRequests).toEqual([])
      expect(watch.errors).toEqual([])
    }
  })
})

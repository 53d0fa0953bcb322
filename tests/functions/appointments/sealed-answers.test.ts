import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAnswers } from '../../../functions/_shared/appointment-answers.ts'
import { runBackupJob } from '../../../functions/_shared/backup/jobs.ts'
import { restoreBackup } from '../../../functions/_shared/backup/restore-backup.ts'
import { localDiskStore } from '../../../functions/_shared/blob/store.ts'
import { createDb } from '../../../functions/_shared/db.ts'
import { rotateMasterKey } from '../../../functions/_shared/key-rotation.ts'
import type { Runtime } from '../../../functions/_shared/runtime.ts'
import { app } from '../../../functions/appointments/app.ts'
import { appointmentSelect, toView } from '../../../functions/appointments/service/read-appointment.ts'
import { startAppointmentReminders } from '../../../functions/appointments/service/reminders.ts'
import { sealLegacyAnswers } from '../../../functions/appointments/service/seal-answers.ts'
import { app as operations } from '../../../functions/operations/app.ts'
import { PEOPLE, type Person } from '../../helpers/access-fixture.ts'
import { buildAppointmentFixture, type AppointmentFixture } from '../../helpers/appointment-fixture.ts'
import { createTestContext, type TestContext } from '../../helpers/context.ts'
import { call, ORIGIN } from '../../helpers/http.ts'
import { signInAs } from '../../helpers/personas.ts'
import { appUrlFor, backupContextFor, emptyDatabase } from '../backup/helpers.ts'
import { readZip } from '../operations/read-zip.ts'

/**
 * Intake answers are stored sealed (SECURITY.md: a dump holds no plaintext of what a client
 * writes): the database holds no word of them, the booker and the firm read them opened, a master-
 * key rotation and a backup keep them readable, the GDPR export carries them opened, and bookings
 * an older installation stored in clear are sealed when the portal starts.
 */
let ctx: TestContext
let f: AppointmentFixture
let intake: string
beforeAll(async () => {
  ctx = await createTestContext()
  f = await buildAppointmentFixture(ctx)
  const [row] = await ctx.owner`insert into public.appointment_types ${ctx.owner({
    staff_id: f.people.clerk_a.id, created_by: f.people.clerk_a.id, name_de: 'Aufnahme', name_en: 'Intake', duration_minutes: 30, location: 'office',
    notice_hours: 0, horizon_days: 365, cutoff_hours: 24,
    questions: ctx.owner.json([
      { id: 'topic', labelDe: 'Worum geht es?', labelEn: 'What is it about?', required: true },
      { id: 'details', labelDe: 'Einzelheiten', labelEn: 'Details', required: false },
    ] as never),
  } as never)} returning id`
  intake = row!.id as string
  ctx.setNow(new Date('2027-05-03T08:00:00Z')) // Monday 10:00 Berlin
  for (const name of PEOPLE) f.cookies[name] = await signInAs(ctx, f.people[name])
})
afterAll(() => ctx.close())

const as = (who: Person, method: string, p: string, body?: unknown) => call(app, method, `/functions/v1/appointments${p}`, { cookie: f.cookies[who], body })
const WORDS = ['Scheidungsfolgenvereinbarung', 'Ölmühlenweg', 'Grundschuldbrief']
const ANSWERS = { topic: `${WORDS[0]} wegen Haus am ${WORDS[1]} 7`, details: `Der ${WORDS[2]} liegt beim Notar 🏠 "vertraulich"\nZeile 2` }

async function book(startsAt: string, answers: Record<string, string> = ANSWERS, who: Person = 'client_a_owner') {
  const res = await as(who, 'POST', '', { typeId: intake, startsAt, answers, timeZone: 'Europe/Berlin' })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  return res.json.id as string
}
const stored = async (id: string) =>
  (await ctx.owner`select answers, answers_ciphertext, answers_key, updated_at, ends_at, blocked::text, sequence from public.appointments where item_id = ${id}`)[0]!

/** What a booking of an installation from before the sealing holds: clear answers, no ciphertext. */
async function makeLegacy(id: string, answers: Record<string, string>) {
  await ctx.owner.begin(async (tx) => {
    await tx`alter table public.appointments disable trigger appointments_answers_sealed`
    await tx`update public.appointments set answers = ${tx.json(answers)}, answers_ciphertext = null, answers_key = null where item_id = ${id}`
    await tx`alter table public.appointments enable trigger appointments_answers_sealed`
  })
}

/** Every row of every table of the schemas, as text (bytea as hex), searched for each word in clear and as UTF-8 hex. */
async function wordsInDatabase(sql: typeof ctx.owner, words: string[]): Promise<string[]> {
  const tables = await sql`select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
                           where n.nspname in ('public', 'private') and c.relkind = 'r'`
  const found: string[] = []
  for (const t of tables) {
    const rows = await sql.unsafe(`select t::text as row from "${t.schema}"."${t.name}" t`)
    for (const { row } of rows)
      for (const w of words)
        if ((row as string).includes(w) || (row as string).includes(Buffer.from(w).toString('hex'))) found.push(`${t.schema}.${t.name}: ${w}`)
  }
  return found
}

describe('a dump of the database holds no intake answer', () => {
  let id: string
  beforeAll(async () => {
    id = await book('2027-05-11T08:00:00Z')
  })

  it('every text, jsonb and bytea column of public.appointments, read as the owner, holds no word of the answers', async () => {
    const columns = await ctx.owner`select column_name, data_type from information_schema.columns
                                    where table_schema = 'public' and table_name = 'appointments' and data_type in ('text', 'jsonb', 'bytea')`
    expect(columns.map((c) => c.column_name)).toEqual(expect.arrayContaining(['answers', 'answers_ciphertext', 'answers_key', 'status']))
    for (const c of columns) {
      const rows = await ctx.owner.unsafe(`select "${c.column_name}" as v from public.appointments where item_id = $1`, [id])
      const value = rows[0]!.v
      const text = value === null ? '' : Buffer.isBuffer(value) ? value.toString('latin1') + value.toString('utf8') + value.toString('hex') : JSON.stringify(value)
      for (const w of WORDS) {
        expect(text, `${c.column_name} holds "${w}"`).not.toContain(w)
        expect(text, `${c.column_name} holds "${w}" as hex`).not.toContain(Buffer.from(w).toString('hex'))
      }
    }
    expect((await stored(id)).answers).toEqual({})
  })

  it('nor does any other table (outbox, audit trail, items)', async () => {
    expect(await wordsInDatabase(ctx.owner, WORDS)).toEqual([])
  })

  it.each([
    { who: 'client_a_owner', status: 200 },
    { who: 'clerk_a', status: 200 },
    { who: 'lawyer', status: 200 },
    { who: 'client_a_manager', status: 404 },
    { who: 'client_b_owner', status: 404 },
    { who: 'outsider', status: 404 },
  ] as const)('$who reads the booking → $status, the answers opened', async ({ who, status }) => {
    const res = await as(who, 'GET', `/${id}`)
    expect(res.status).toBe(status)
    if (status === 200) expect(res.json.answers).toEqual(ANSWERS)
    else expect(JSON.stringify(res.json)).not.toContain(WORDS[0])
  })

  it('the booker\'s list and the staff member\'s week show them opened; the response has no ciphertext', async () => {
    const mine = await as('client_a_owner', 'GET', '/mine')
    expect(mine.json.find((a: { id: string }) => a.id === id).answers).toEqual(ANSWERS)
    const week = await as('clerk_a', 'GET', '/calendar?from=2027-05-10')
    expect(week.json.bookings.find((a: { id: string }) => a.id === id).answers).toEqual(ANSWERS)
    expect(JSON.stringify(mine.json) + JSON.stringify(week.json)).not.toMatch(/answersCiphertext|answersKey|clearAnswers/)
  })

  it('a sealed value moved to another booking does not open there (bound to its booking)', async () => {
    const other = await book('2027-05-11T12:00:00Z', { topic: 'anderes' })
    const mine = await stored(id)
    expect(() => openAnswers(ctx.runtime.secrets.fileMasterKey, other, { ciphertext: mine.answers_ciphertext, key: mine.answers_key })).toThrow()
    expect(openAnswers(ctx.runtime.secrets.fileMasterKey, id, { ciphertext: mine.answers_ciphertext, key: mine.answers_key })).toEqual(ANSWERS)
  })
})

describe('validation is unchanged', () => {
  it('answers longer than the clear column allowed (20000 characters as jsonb text) answer 400 bad_request and store nothing', async () => {
    const count = async () => Number((await ctx.owner`select count(*) from public.appointments`)[0]!.count)
    const before = await count()
    const long = { topic: 'x'.repeat(2000), details: 'y'.repeat(2000) }
    // two answers of 2000 characters fit; the limit itself is checked against PostgreSQL in tests/db/appointments/sealed-answers.test.ts
    expect((await as('client_a_member', 'POST', '', { typeId: intake, startsAt: '2027-05-11T13:00:00Z', answers: long })).status).toBe(201)
    const [big] = await ctx.owner`insert into public.appointment_types ${ctx.owner({
      staff_id: f.people.clerk_a.id, created_by: f.people.clerk_a.id, name_de: 'Viele Fragen', name_en: 'Many questions', duration_minutes: 30,
      location: 'office', notice_hours: 0, horizon_days: 365,
      questions: ctx.owner.json(Array.from({ length: 11 }, (_, i) => ({ id: `q${i}`, labelDe: `Frage ${i}`, labelEn: `Question ${i}`, required: false })) as never),
    } as never)} returning id`
    const answers = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`q${i}`, 'z'.repeat(2000)]))
    const res = await as('client_a_owner', 'POST', '', { typeId: big!.id, startsAt: '2027-05-11T14:00:00Z', answers })
    expect(res.status).toBe(400)
    expect(res.json.code).toBe('bad_request')
    expect(await count()).toBe(before + 1)
  })

  it('a missing required answer and an unknown question keep their codes', async () => {
    expect((await as('client_a_owner', 'POST', '', { typeId: intake, startsAt: '2027-05-12T08:00:00Z', answers: { details: 'x' } })).json.code).toBe('answer_required')
    expect((await as('client_a_owner', 'POST', '', { typeId: intake, startsAt: '2027-05-12T08:00:00Z', answers: { topic: 'x', nope: 'y' } })).json.code).toBe('unknown_question')
  })
})

describe('bookings an older installation stored in clear', () => {
  it('are shown as before, sealed when the portal starts (once, nothing else of the booking changes), and stay readable', async () => {
    const id = await book('2027-05-12T09:00:00Z')
    const legacy = { topic: `Altbestand ${WORDS[0]}` }
    await makeLegacy(id, legacy)
    const before = await stored(id)
    expect(before).toMatchObject({ answers: legacy, answers_ciphertext: null, answers_key: null })
    expect((await as('clerk_a', 'GET', `/${id}`)).json.answers).toEqual(legacy)
    // The type changed since the booking: a sealing that re-derived the booking would move its end.
    await ctx.owner`update public.appointment_types set duration_minutes = 90 where id = ${intake}`
    try {
      // The portal's start: the first run of the appointment job seals, then reminds.
      const job = startAppointmentReminders(ctx.runtime, 3_600_000)
      await job.stop()
      const after = await stored(id)
      expect(after.answers).toEqual({})
      expect(after.answers_ciphertext).toBeInstanceOf(Buffer)
      expect({ ...after, answers: undefined, answers_ciphertext: undefined, answers_key: undefined }).toEqual({ ...before, answers: undefined, answers_ciphertext: undefined, answers_key: undefined })
      expect((await as('clerk_a', 'GET', `/${id}`)).json.answers).toEqual(legacy)
      expect((await as('client_a_owner', 'GET', `/${id}`)).json.answers).toEqual(legacy)
      // Idempotent: nothing left to seal, nothing changes.
      expect(await sealLegacyAnswers(ctx.runtime)).toBe(0)
      expect((await stored(id)).answers_ciphertext.equals(after.answers_ciphertext)).toBe(true)
      expect(await wordsInDatabase(ctx.owner, WORDS)).toEqual([])
    } finally {
      await ctx.owner`update public.appointment_types set duration_minutes = 30 where id = ${intake}`
    }
  })
})

describe('master-key rotation', () => {
  it('rewraps every answer key (the ciphertext stays), seals clear leftovers under the new key; the old key opens nothing', async () => {
    const id = await book('2027-05-12T10:00:00Z')
    const leftover = await book('2027-05-12T11:00:00Z', { topic: 'übrig' })
    await makeLegacy(leftover, { topic: 'übrig' })
    const before = await stored(id)
    const [{ count: sealedRows }] = await ctx.owner`select count(*)::int from public.appointments where answers_key is not null`
    const oldKey = ctx.runtime.secrets.fileMasterKey
    const newKey = randomBytes(32)
    const counts = await rotateMasterKey(ctx.owner, oldKey, newKey)
    expect(counts.appointments).toBe(sealedRows + 1)
    ctx.runtime.secrets.fileMasterKey = newKey
    const after = await stored(id)
    expect(after.answers_ciphertext.equals(before.answers_ciphertext)).toBe(true)
    expect(after.answers_key.equals(before.answers_key)).toBe(false)
    expect(after.updated_at).toEqual(before.updated_at)
    expect(() => openAnswers(oldKey, id, { ciphertext: after.answers_ciphertext, key: after.answers_key })).toThrow()
    expect((await as('client_a_owner', 'GET', `/${id}`)).json.answers).toEqual(ANSWERS)
    const rest = await stored(leftover)
    expect(rest.answers).toEqual({})
    expect(openAnswers(newKey, leftover, { ciphertext: rest.answers_ciphertext, key: rest.answers_key })).toEqual({ topic: 'übrig' })
  })

  it('changes nothing when an answer key does not open with the given old key', async () => {
    const before = await ctx.owner`select item_id, answers_key from public.appointments order by item_id`
    await expect(rotateMasterKey(ctx.owner, randomBytes(32), randomBytes(32))).rejects.toThrow()
    expect(await ctx.owner`select item_id, answers_key from public.appointments order by item_id`).toEqual(before)
  })
})

describe('backup and GDPR export', () => {
  it('a restored backup shows the answers to the booker, not to others; a clear booking in the backup is sealed at the next start', async () => {
    const id = await book('2027-05-14T08:00:00Z')
    const legacyId = await book('2027-05-14T09:00:00Z')
    await makeLegacy(legacyId, { topic: 'aus dem alten Backup' })
    const bctx = await backupContextFor(ctx)
    const restored = await emptyDatabase('answers')
    const blobs = await mkdtemp(path.join(tmpdir(), 'portal-restored-answers-'))
    const restoredDb = createDb(appUrlFor(restored.name), { max: 2 })
    try {
      const name = (await runBackupJob(bctx, 'manual')).name
      await restoreBackup({ target: bctx.target, name, key: bctx.key!.key, ownerUrl: restored.url, blobs: localDiskStore(blobs), fileMasterKey: bctx.fileMasterKey })
      const read = (who: Person, item: string) =>
        restoredDb.asUser(f.people[who].claims, async (tx) => (await tx`${appointmentSelect(tx)} where a.item_id = ${item}`).map((r) => toView(r, ctx.runtime.secrets.fileMasterKey)))
      expect((await read('client_a_owner', id))[0]!.answers).toEqual(ANSWERS)
      expect(await read('client_b_owner', id)).toEqual([])
      expect((await read('client_a_owner', legacyId))[0]!.answers).toEqual({ topic: 'aus dem alten Backup' })
      const restoredRuntime = { ...ctx.runtime, db: restoredDb } as Runtime
      expect(await sealLegacyAnswers(restoredRuntime)).toBe(1)
      expect((await read('client_a_owner', legacyId))[0]!.answers).toEqual({ topic: 'aus dem alten Backup' })
      const restoredOwner = (await import('postgres')).default(restored.url, { max: 1, onnotice: () => {} })
      try {
        expect(await wordsInDatabase(restoredOwner, [...WORDS, 'aus dem alten Backup'])).toEqual([])
      } finally {
        await restoredOwner.end()
      }
    } finally {
      await restoredDb.end()
      await restored.drop()
      await bctx.owner.end()
      await rm(blobs, { recursive: true, force: true })
      await rm(bctx.target.where, { recursive: true, force: true })
    }
  })

  it('the GDPR export carries the answers opened and no ciphertext or wrapped key', async () => {
    const id = await book('2027-05-14T10:00:00Z')
    const res = await operations.request(`${ORIGIN}/functions/v1/operations/clients/${f.clients.a}/export`, { headers: { cookie: f.cookies.clerk_a } }, { remoteAddr: { hostname: '203.0.113.10' } })
    expect(res.status).toBe(200)
    const entries = readZip(Buffer.from(await res.arrayBuffer()))
    const text = entries.get('termine/termine.json')!.toString('utf8')
    const rows = JSON.parse(text) as { id: string; answers: Record<string, string> }[]
    expect(rows.find((r) => r.id === id)!.answers).toEqual(ANSWERS)
    expect(text).not.toMatch(/answers_ciphertext|answers_key/)
  })
})

/**
 * The demo firm (npm run demo): Kanzlei Berger & Partner with a lawyer (admin) and a clerk, three
 * clients with their people, a project with an outside tax adviser, documents with real
 * encrypted files, a document request, a folder with a comment, a conversation and appointments.
 * Written as the database owner, the way the services would have written it. Each domain is one
 * step in SEED_STEPS; a new domain adds its step (and checks that its tables exist).
 */
import { randomInt } from 'node:crypto'
import { Readable } from 'node:stream'
import type postgres from 'postgres'
import type { BlobStore } from '../functions/_shared/blob/store.ts'
import { writeEncryptedFile } from '../functions/_shared/blob/encrypted-file.ts'
import { seal } from '../functions/_shared/crypto.ts'
import { sealMessageBody } from '../functions/_shared/message-crypto.ts'
import { hashPassword } from '../functions/_shared/password-hash.ts'

const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/**
 * A fresh password for the demo accounts of one seed (npm run demo prints it once; only its hash
 * is stored): four groups of five letters and digits without look-alikes, about 115 bits. Never a
 * committed constant — a demo firm in a reachable database would otherwise have an admin whose
 * password everyone with the source knows.
 */
export function demoPassword(): string {
  const group = () => Array.from({ length: 5 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('')
  return [group(), group(), group(), group()].join('-')
}
export const DEMO_FIRM = 'Kanzlei Berger & Partner (Demo)'

export type DemoAccount = { key: string; email: string; name: string; role: string }
type Ids = Record<string, string>
export type SeedContext = { sql: postgres.Sql; blobs: BlobStore; masterKey: Buffer; password: string; now: Date; people: Ids; clients: Ids; projects: Ids; items: Ids }
type SeedStep = { name: string; run(ctx: SeedContext): Promise<void> }

/** Who signs in, in the order they are printed. */
export const DEMO_ACCOUNTS: (DemoAccount & { kind: 'staff' | 'client' | 'external'; admin?: boolean })[] = [
  { key: 'lawyer', email: 'anna.berger@kanzlei-demo.example', name: 'Dr. Anna Berger', role: 'Rechtsanwältin, Administratorin', kind: 'staff', admin: true },
  { key: 'clerk', email: 'lukas.schneider@kanzlei-demo.example', name: 'Lukas Schneider', role: 'Rechtsanwaltsfachangestellter', kind: 'staff' },
  { key: 'mueller', email: 'thomas.mueller@mueller-bau.example', name: 'Thomas Müller', role: 'Müller Bau GmbH, Geschäftsführer (Inhaber)', kind: 'client' },
  { key: 'koch', email: 'sabine.koch@mueller-bau.example', name: 'Sabine Koch', role: 'Müller Bau GmbH, Buchhaltung (Mitglied)', kind: 'client' },
  { key: 'adviser', email: 'klaus.weber@steuerberatung-weber.example', name: 'Klaus Weber', role: 'Steuerberater, Projektbeteiligter', kind: 'external' },
  { key: 'schmidt', email: 'petra.schmidt@familie-schmidt.example', name: 'Petra Schmidt', role: 'Mandantin (Inhaberin)', kind: 'client' },
  { key: 'jonas', email: 'jonas.schmidt@familie-schmidt.example', name: 'Jonas Schmidt', role: 'Bevollmächtigter von Petra Schmidt (Lesezugriff)', kind: 'client' },
  { key: 'yilmaz', email: 'ayse.yilmaz@yilmaz-logistik.example', name: 'Ayşe Yılmaz', role: 'Yılmaz Logistik KG, Komplementärin (Inhaberin)', kind: 'client' },
  { key: 'demir', email: 'mehmet.demir@yilmaz-logistik.example', name: 'Mehmet Demir', role: 'Yılmaz Logistik KG, Prokurist (Verwalter)', kind: 'client' },
]

const days = (now: Date, n: number) => new Date(now.getTime() + n * 86_400_000)

/** A one-page PDF that viewers open, with the text given. */
function pdf(text: string): Buffer {
  const content = `BT /F1 14 Tf 72 760 Td (${text.replace(/[()\\]/g, '')}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(body.length)
    body += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

async function item(ctx: SeedContext, kind: string, client: string, title: string, by: string, options: { project?: string; audience?: string; recipients?: string[]; at?: Date } = {}) {
  const [row] = await ctx.sql`insert into public.items (kind, client_id, project_id, audience, title, created_by, created_at)
                              values (${kind}, ${client}, ${options.project ?? null}, ${options.audience ?? 'client'}, ${title}, ${by}, ${options.at ?? ctx.now}) returning id`
  for (const r of options.recipients ?? []) await ctx.sql`insert into public.item_recipients (item_id, account_id) values (${row!.id}, ${r})`
  return row!.id as string
}

async function document(ctx: SeedContext, client: string, title: string, filename: string, body: Buffer, by: string, options: { project?: string; audience?: string; recipients?: string[]; category?: string; at?: Date; requestId?: string } = {}) {
  const id = await item(ctx, 'document', client, title, by, options)
  await ctx.sql`insert into public.documents (item_id, client_id, category, request_id) values (${id}, ${client}, ${options.category ?? ''}, ${options.requestId ?? null})`
  const stored = await writeEncryptedFile(ctx.blobs, ctx.masterKey, Readable.from([body]), 1 << 24)
  const media = filename.endsWith('.pdf') ? 'application/pdf' : 'text/plain'
  await ctx.sql`insert into public.document_versions (item_id, client_id, version, filename, media_type, size, sha256, blob_name, wrapped_key, uploaded_by, created_at)
                values (${id}, ${client}, 1, ${filename}, ${media}, ${stored.size}, ${stored.sha256}, ${stored.blobName}, ${stored.wrappedKey}, ${by}, ${options.at ?? ctx.now})`
  return id
}

export const SEED_STEPS: SeedStep[] = [
  {
    name: 'firm and people',
    async run(ctx) {
      await ctx.sql`insert into public.firm_settings (id, firm_name) values (1, ${DEMO_FIRM}) on conflict (id) do update set firm_name = excluded.firm_name`
      const hash = await hashPassword(ctx.password)
      for (const a of DEMO_ACCOUNTS) {
        const [row] = await ctx.sql`insert into public.accounts (email, display_name, kind, is_admin, mfa_deadline)
                                    values (${a.email}, ${a.name}, ${a.kind}, ${a.admin ?? false}, ${days(ctx.now, 3)}) returning id`
        ctx.people[a.key] = row!.id as string
        await ctx.sql`insert into private.password_credentials (account_id, hash) values (${row!.id}, ${hash})`
        // The second factor of every demo account: codes by e-mail, which the demo prints in its console.
        const label = a.email.replace(/^(.).*@/, '$1•••@')
        await ctx.sql`insert into public.mfa_factors (account_id, kind, label, verified_at) values (${row!.id}, 'email', ${label}, ${ctx.now})`
      }
    },
  },
  {
    name: 'clients, members and a project',
    async run(ctx) {
      const p = ctx.people
      const client = async (key: string, name: string, kind: 'person' | 'organisation', staff: string[]) => {
        const [row] = await ctx.sql`insert into public.clients (name, kind, created_by) values (${name}, ${kind}, ${p.lawyer}) returning id`
        ctx.clients[key] = row!.id as string
        for (const s of staff) await ctx.sql`insert into public.client_staff (client_id, account_id) values (${row!.id}, ${s})`
      }
      await client('mueller', 'Müller Bau GmbH', 'organisation', [p.clerk!])
      await client('schmidt', 'Petra Schmidt', 'person', [p.clerk!])
      await client('yilmaz', 'Yılmaz Logistik KG', 'organisation', [])
      const member = (c: string, who: string, role: string, by: string, rights: string[] | null = null) =>
        ctx.sql`insert into public.client_members (client_id, account_id, role, rights, granted_by, accepted_at) values (${ctx.clients[c]!}, ${p[who]!}, ${role}, ${rights}, ${by}, ${ctx.now})`
      await member('mueller', 'mueller', 'owner', p.clerk!)
      await member('mueller', 'koch', 'member', p.mueller!)
      await member('schmidt', 'schmidt', 'owner', p.lawyer!)
      await member('schmidt', 'jonas', 'viewer', p.schmidt!, ['documents.read'])
      await member('yilmaz', 'yilmaz', 'owner', p.lawyer!)
      await member('yilmaz', 'demir', 'manager', p.yilmaz!)
      const [project] = await ctx.sql`insert into public.projects (client_id, name, type, description, created_by)
                                      values (${ctx.clients.mueller!}, 'Gründung Müller Immobilien GmbH', 'formation',
                                              'Gründung einer Tochtergesellschaft für den Immobilienbestand; Gesellschaftsvertrag, Notartermin, steuerliche Struktur.', ${p.lawyer}) returning id`
      ctx.projects.formation = project!.id as string
      await ctx.sql`insert into public.project_participants (project_id, client_id, account_id, kind, invited_by) values
                    (${project!.id}, ${ctx.clients.mueller!}, ${p.mueller!}, 'member', ${p.lawyer!}),
                    (${project!.id}, ${ctx.clients.mueller!}, ${p.adviser!}, 'outside', ${p.lawyer!})`
    },
  },
  {
    name: 'documents, a request and a folder',
    async run(ctx) {
      const p = ctx.people
      const c = ctx.clients
      await document(ctx, c.mueller!, 'Mandatsvereinbarung', 'Mandatsvereinbarung.pdf', pdf('Mandatsvereinbarung Mueller Bau GmbH - Kanzlei Berger & Partner'), p.lawyer!, { category: 'Verträge', at: days(ctx.now, -20) })
      const draft = await document(ctx, c.mueller!, 'Entwurf Gesellschaftsvertrag', 'Gesellschaftsvertrag-Entwurf.pdf', pdf('Gesellschaftsvertrag der Mueller Immobilien GmbH - Entwurf'), p.lawyer!,
        { project: ctx.projects.formation, audience: 'project', category: 'Verträge', at: days(ctx.now, -6) })
      await document(ctx, c.mueller!, 'Steuerliche Eckdaten für Herrn Weber', 'Eckdaten-Steuer.pdf', pdf('Steuerliche Eckdaten zur Gruendung'), p.clerk!,
        { project: ctx.projects.formation, audience: 'people', recipients: [p.adviser!], at: days(ctx.now, -4) })
      await document(ctx, c.mueller!, 'Interner Vermerk Haftungsfragen', 'Vermerk.txt', Buffer.from('Vermerk: Haftung der Gesellschafter vor Eintragung prüfen.\n', 'utf8'), p.lawyer!, { audience: 'internal' })
      await document(ctx, c.schmidt!, 'Testament (Abschrift)', 'Testament-Abschrift.pdf', pdf('Abschrift Testament Petra Schmidt'), p.clerk!, { category: 'Korrespondenz', at: days(ctx.now, -30) })
      await document(ctx, c.yilmaz!, 'Kündigungsschutzklage – Klageschrift', 'Klageschrift.pdf', pdf('Klageschrift Arbeitsgericht'), p.lawyer!, { at: days(ctx.now, -10) })

      const request = await item(ctx, 'document_request', c.mueller!, 'Jahresabschluss 2025', p.clerk!)
      await ctx.sql`insert into public.document_requests (item_id, client_id, hint, due_at) values (${request}, ${c.mueller!}, 'Bitte laden Sie den Jahresabschluss 2025 mit Bilanz und GuV hoch.', ${days(ctx.now, 14)})`

      const folder = await item(ctx, 'document_group', c.mueller!, 'Gründungsunterlagen', p.lawyer!, { project: ctx.projects.formation, audience: 'project' })
      await ctx.sql`insert into public.document_group_entries (group_id, document_id, client_id, added_by) values (${folder}, ${draft}, ${c.mueller!}, ${p.lawyer!})`
      await ctx.sql`insert into public.comments (item_id, client_id, author_id, body_ciphertext)
                    values (${folder}, ${c.mueller!}, ${p.mueller!}, ${seal(ctx.masterKey, 'comment-body', Buffer.from('Passt so. Bitte den Geschäftsführer in § 6 noch ergänzen.', 'utf8'))})`
    },
  },
  {
    name: 'a conversation',
    async run(ctx) {
      if (!(await tableExists(ctx, 'public.conversations'))) return
      const p = ctx.people
      const thread = await item(ctx, 'message_thread', ctx.clients.schmidt!, 'Frage zur Erbschaftsteuer', p.schmidt!, { at: days(ctx.now, -2) })
      await ctx.sql`insert into public.conversations (item_id, client_id, status, created_at, last_message_at) values (${thread}, ${ctx.clients.schmidt!}, 'in_progress', ${days(ctx.now, -2)}, ${days(ctx.now, -1)})`
      const message = async (author: string, text: string, at: Date) => {
        const sealed = sealMessageBody(ctx.masterKey, text)
        await ctx.sql`insert into public.messages (item_id, client_id, author_id, body_ciphertext, body_key, created_at) values (${thread}, ${ctx.clients.schmidt!}, ${author}, ${sealed.ciphertext}, ${sealed.key}, ${at})`
      }
      await message(p.schmidt!, 'Guten Tag Herr Schneider, muss mein Sohn für das Ferienhaus Erbschaftsteuer zahlen, wenn ich es ihm schon jetzt schenke?', days(ctx.now, -2))
      await message(p.clerk!, 'Guten Tag Frau Schmidt, Frau Dr. Berger prüft das und meldet sich bis Freitag. Bitte laden Sie den Grundbuchauszug hoch.', days(ctx.now, -1))
    },
  },
  {
    name: 'appointments',
    async run(ctx) {
      if (!(await tableExists(ctx, 'public.appointments'))) return
      const p = ctx.people
      const [type] = await ctx.sql`insert into public.appointment_types (staff_id, name_de, name_en, description_de, description_en, duration_minutes, location, created_by)
                                   values (${p.lawyer!}, 'Erstberatung', 'First consultation', 'Ein erstes Gespräch zu Ihrem Anliegen.', 'A first conversation about your matter.', 45, 'video', ${p.lawyer!}) returning id`
      for (let weekday = 1; weekday <= 5; weekday++)
        await ctx.sql`insert into public.staff_availability (staff_id, weekday, starts, ends) values (${p.lawyer!}, ${weekday}, '09:00', '17:00')`
      // A confirmed appointment for Müller Bau next week at 10:00 Berlin time (on a weekday).
      const start = new Date(days(ctx.now, 7))
      while ([0, 6].includes(start.getUTCDay())) start.setUTCDate(start.getUTCDate() + 1)
      const day = start.toISOString().slice(0, 10)
      const slot = await item(ctx, 'appointment', ctx.clients.mueller!, 'Erstberatung', p.mueller!)
      await ctx.sql`with t as (select ((${day}::text)::date + time '10:00') at time zone 'Europe/Berlin' as s)
                    insert into public.appointments (item_id, type_id, staff_id, client_id, booked_by, starts_at, ends_at, blocked, status, decided_by, decided_at)
                    select ${slot}, ${type!.id}, ${p.lawyer!}, ${ctx.clients.mueller!}, ${p.mueller!}, t.s, t.s + interval '45 minutes',
                           tstzrange(t.s, t.s + interval '45 minutes'), 'confirmed', ${p.lawyer!}, ${ctx.now} from t`
    },
  },
]

async function tableExists(ctx: SeedContext, table: string): Promise<boolean> {
  const [row] = await ctx.sql`select to_regclass(${table}) is not null as ok`
  return Boolean(row!.ok)
}

/** Seeds the demo firm in one transaction (nothing half-seeded remains after a failure). */
export async function seedDemo(sql: postgres.Sql, blobs: BlobStore, masterKey: Buffer, password: string, now = new Date()): Promise<SeedContext> {
  let seeded: SeedContext | undefined
  await sql.begin(async (tx) => {
    const ctx: SeedContext = { sql: tx as unknown as postgres.Sql, blobs, masterKey, password, now, people: {}, clients: {}, projects: {}, items: {} }
    for (const step of SEED_STEPS) await step.run(ctx)
    seeded = ctx
  })
  return seeded!
}

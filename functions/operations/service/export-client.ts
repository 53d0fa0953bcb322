import { Readable } from 'node:stream'
import { ZipFile } from 'yazl'
import { audit, type RequestMeta } from '../../_shared/audit.ts'
import { readEncryptedFile } from '../../_shared/blob/encrypted-file.ts'
import { AppError } from '../../_shared/errors.ts'
import type { Runtime } from '../../_shared/runtime.ts'
import type { SessionInfo } from '../../_shared/session.ts'
import { EXPORTERS } from '../export/index.ts'
import type { ExportEntry } from '../export/types.ts'

const README = `Datenauskunft / Datenexport (Art. 15, 20 DSGVO)
=================================================

Dieses Archiv enthält alle Daten, die das Mandantenportal der Kanzlei zu diesem Mandanten speichert:
  mandant/      der Mandant, seine Personen, die betreuenden Mitarbeitenden, Projekte und Beteiligte
  dokumente/    Einträge, Dokumente (jede Version entschlüsselt unter dokumente/dateien/), Empfangsnachweise,
                Unterlagenanforderungen, Dokumentenmappen mit Kommentaren
  freigaben/    Freigabe- und Upload-Links mit Zugriffsprotokoll
  protokoll/    das Protokoll (Audit-Trail) des Mandantenbereichs
Weitere Ordner (z. B. nachrichten/, termine/) enthalten die Daten weiterer Bereiche, soweit vorhanden.
Zeitangaben in UTC (ISO 8601). Die SHA-256-Prüfsummen in dokumente/dokumente.json gehören zu den Dateien.

Data export (GDPR Art. 15, 20): everything the portal stores about this client, as JSON files and the
decrypted documents. Times in UTC (ISO 8601).
`

/**
 * A client's complete data as one streamed ZIP, for a GDPR request (access, portability). Only
 * the client's staff may export (private.may_export_client: assigned staff and admins; everyone
 * else gets not_found). Every exporter reads in ONE transaction as the caller, which also writes
 * the audit entry; then the JSON parts and the decrypted files stream into the archive one after
 * another, never held in memory whole. Throws not_found.
 */
export async function exportClient(rt: Runtime, session: SessionInfo, clientId: string, meta: RequestMeta) {
  const { number, entries } = await rt.db.asUser(session.claims, async (tx) => {
    const [client] = await tx`select number from public.clients where id = ${clientId} and private.may_export_client(id)`
    if (!client) throw new AppError('not_found', { status: 404, message: 'Not found.' })
    const entries: ExportEntry[] = []
    for (const exporter of EXPORTERS) entries.push(...(await exporter.collect({ tx, clientId, masterKey: rt.secrets.fileMasterKey })))
    // Audited in the same transaction, before a byte leaves (the archive's own protocol part
    // was read just before and does not contain this entry).
    const files = entries.filter((e) => 'file' in e).length
    await audit(tx, { actorId: session.accountId, clientId, action: 'client.exported', objectType: 'client', objectId: clientId, detail: { files, parts: entries.length - files } }, meta)
    return { number: client.number as string, entries }
  })
  const zip = new ZipFile()
  const exportedAt = rt.now()
  zip.addBuffer(Buffer.from(README, 'utf8'), 'LIESMICH.txt', { mtime: exportedAt })
  for (const entry of entries) {
    if ('json' in entry) {
      zip.addBuffer(Buffer.from(JSON.stringify(entry.json, null, 2) + '\n', 'utf8'), entry.path, { mtime: exportedAt })
    } else {
      const stored = entry.file
      zip.addReadStreamLazy(entry.path, { mtime: entry.mtime, compress: false, size: stored.size }, (done) => {
        readEncryptedFile(rt.blobs, rt.secrets.fileMasterKey, stored).then((s) => done(null, s), (err) => done(err, undefined as never))
      })
    }
  }
  zip.end()
  return { filename: `Datenexport-${number}-${exportedAt.toISOString().slice(0, 10)}.zip`, stream: zip.outputStream as unknown as Readable }
}

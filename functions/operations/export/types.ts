import type { StoredFile } from '../../_shared/blob/encrypted-file.ts'
import type { Tx } from '../../_shared/db.ts'

/** What an exporter gets: the caller's transaction (row-level security applies), the client, the master key. */
export type ExportContext = { tx: Tx; clientId: string; masterKey: Buffer }

/** One entry of the archive: a JSON file, or an encrypted file body decrypted into the archive. */
export type ExportEntry =
  | { path: string; json: unknown }
  | { path: string; file: StoredFile; mtime: Date }

/**
 * One domain's part of a client's GDPR export. collect() reads through ctx.tx as the exporting
 * staff member (so it sees what the policies let that person see of the client) and returns the
 * domain's entries under its own folder; it must never put secrets (token or password hashes,
 * wrapped keys) into a JSON entry, and decrypts sealed bodies itself.
 */
export type DomainExporter = { domain: string; collect(ctx: ExportContext): Promise<ExportEntry[]> }

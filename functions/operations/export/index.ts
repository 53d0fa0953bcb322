import { appointmentsExporter } from './appointments.ts'
import { auditExporter } from './audit.ts'
import { clientExporter } from './client.ts'
import { documentsExporter } from './documents.ts'
import { messagesExporter } from './messages.ts'
import { sharesExporter } from './shares.ts'
import type { DomainExporter } from './types.ts'

/**
 * The parts of a client's GDPR export, in archive order. A domain with client data adds its
 * exporter here (one file per domain beside these); the audit trail comes last so that it
 * includes the entries of everything above.
 */
export const EXPORTERS: DomainExporter[] = [clientExporter, documentsExporter, messagesExporter, appointmentsExporter, sharesExporter, auditExporter]

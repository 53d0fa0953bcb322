import { fileURLToPath } from 'node:url'
import path from 'node:path'

/** The project root, wherever the process was started from. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const MIGRATIONS_DIR = path.join(ROOT, 'supabase', 'migrations')
export const POLICIES_DIR = path.join(ROOT, 'policies')
export const BOOTSTRAP_FILE = path.join(ROOT, 'supabase', 'bootstrap.sql')
export const WEB_DIR = path.join(ROOT, 'web')
export const WEB_DIST = path.join(ROOT, 'web', 'dist')

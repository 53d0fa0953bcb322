// Thin entry for serving this function alone under Deno (`deno run -A functions/backup/index.ts`).
import { app } from './app.ts'
import { startStandalone } from '../_shared/standalone.ts'

await startStandalone(app.fetch)

import type { Db } from '../../_shared/db.ts'
import { asServiceRole } from '../../_shared/privileged.ts'

/**
 * What the sign-in and first-run pages need before anyone is signed in: whether setup is still
 * needed (no staff account exists) and the firm's name.
 */
export async function getSetupState(db: Db): Promise<{ needsSetup: boolean; firmName: string | null }> {
  // Privileged: nobody is signed in before the first account exists.
  const rows = await asServiceRole(db, 'first-run setup', (tx) =>
    tx`select not exists (select 1 from public.accounts where kind = 'staff') as "needsSetup",
              (select firm_name from public.firm_settings where id = 1) as "firmName"`)
  return { needsSetup: rows[0]!.needsSetup as boolean, firmName: (rows[0]!.firmName as string | null) ?? null }
}

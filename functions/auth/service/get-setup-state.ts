import type { Db } from '../../_shared/db.ts'
import { asServiceRole } from '../../_shared/privileged.ts'

/** True while no staff account exists, i.e. the first-run page may create the lawyer's account. */
export async function getSetupState(db: Db): Promise<{ needsSetup: boolean }> {
  // Privileged: nobody is signed in before the first account exists.
  const rows = await asServiceRole(db, 'first-run setup', (tx) =>
    tx`select not exists (select 1 from public.accounts where kind = 'staff') as "needsSetup"`)
  return { needsSetup: rows[0]!.needsSetup as boolean }
}

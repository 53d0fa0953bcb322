import postgres from 'postgres'
import { migrate } from '../../functions/_shared/migrate.ts'

/** What a database suite needs to clone its own database: the server and a migrated template. */
export type DatabaseTarget = { name: string; ownerUrl: string; appPassword: string; template: string }

declare module 'vitest' {
  export interface ProvidedContext {
    database: DatabaseTarget
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = '/' + database
  return u.toString()
}

/**
 * Creates a template database with every migration and policy applied, and gives the login role
 * a known password. Each test file then clones the template (fast, isolated).
 */
export async function prepareTemplate(name: string, ownerUrl: string): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  const template = `portal_template_${process.pid}_${Date.now().toString(36)}`
  const appPassword = `test-${crypto.randomUUID()}`
  const admin = postgres(ownerUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${template}`)
  await migrate(withDatabase(ownerUrl, template))
  await admin.unsafe(`alter role authenticator with login password '${appPassword}'`)
  await admin.unsafe(`alter database ${template} is_template true`)
  await admin.end()
  return {
    target: { name, ownerUrl, appPassword, template },
    async drop() {
      const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} })
      const leftovers = await sql<{ datname: string }[]>`
        select datname from pg_database where datname like ${'t_' + template + '%'} or datname = ${template}`
      for (const { datname } of leftovers) {
        await sql.unsafe(`alter database ${datname} is_template false`)
        await sql.unsafe(`drop database if exists ${datname} with (force)`)
      }
      await sql.end()
    },
  }
}

import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../functions/_shared/paths.ts'

const FUNCTIONS = path.join(ROOT, 'functions')
const SHARED = path.join(FUNCTIONS, '_shared')

/**
 * Folders of functions/_shared named after a domain that are infrastructure all the same, each
 * with its reason. backup: the backup engine (snapshot, encryption, restore, verification) is run
 * by the server process itself — the nightly scheduler (functions/_server), the backup before a
 * migration (boot) and the CLI — and only read by functions/backup (status) and
 * functions/operations (metrics); like mail and the blob store it is no one function's.
 */
const INFRASTRUCTURE: Record<string, string> = {
  backup: 'the backup engine the server, its boot and the CLI run (functions/backup only reads its status)',
}

/**
 * The portal's domain names (DESIGN.md §2.2: the same name in functions/<d>, policies/NN-<d>.sql
 * and web/src/features/<d>): every function's folder (also singular: message, document, share),
 * every policy file's domain and every web feature.
 */
export async function domainNames(root: string): Promise<Set<string>> {
  const names = new Set<string>()
  for (const entry of await readdir(path.join(root, 'functions'), { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('_')) continue
    names.add(entry.name)
    if (entry.name.endsWith('s')) names.add(entry.name.slice(0, -1))
  }
  for (const file of await readdir(path.join(root, 'policies'))) {
    const domain = /^\d+-(.+)\.sql$/.exec(file)?.[1]
    if (domain) names.add(domain)
  }
  for (const entry of await readdir(path.join(root, 'web', 'src', 'features'), { withFileTypes: true }))
    if (entry.isDirectory()) names.add(entry.name)
  return names
}

/**
 * The folders (at any depth) under `shared` named after a domain: domain logic that moved into
 * functions/_shared instead of staying in its function. Paths relative to `shared`.
 */
export async function domainFoldersIn(shared: string, domains: Set<string>, allowed: Record<string, string> = {}): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue
      const full = path.join(dir, entry.name)
      const relative = path.relative(shared, full)
      if (domains.has(entry.name) && !(relative in allowed)) found.push(relative)
      await walk(full)
    }
  }
  await walk(shared)
  return found.sort()
}

/** Every module specifier in a source text: static and dynamic imports, re-exports, require. */
function specifiers(text: string): string[] {
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g, // import … from '…', export … from '…'
    /\bimport\s*['"]([^'"]+)['"]/g, // import '…' (side effects only)
    /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // import('…'), require('…')
  ]
  return patterns.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!))
}

/**
 * The functions/<name> folder a specifier of `file` points into, or null when it points
 * elsewhere (a package, the web app). Relative paths resolve against the file; absolute paths and
 * file: URLs as they are; a bare specifier counts when it names functions/<name>/ itself.
 */
function targetFunction(file: string, specifier: string): string | null {
  let target: string
  if (specifier.startsWith('.')) target = path.resolve(path.dirname(file), specifier)
  else if (specifier.startsWith('file:')) target = fileURLToPath(specifier)
  else if (path.isAbsolute(specifier)) target = specifier
  else return /(?:^|\/)functions\/([^/]+)\//.exec(specifier)?.[1] ?? null
  const relative = path.relative(FUNCTIONS, target)
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    // An absolute path into another checkout still names a functions/<name>/ folder.
    return specifier.startsWith('.') ? null : (/(?:^|\/)functions\/([^/]+)\//.exec(target)?.[1] ?? null)
  }
  const [first, ...rest] = relative.split(path.sep)
  return rest.length ? first! : null
}

/**
 * The imports of `file` (inside functions/<own>/) that reach another function's folder: a
 * function may import only its own folder and functions/_shared.
 */
export function crossFunctionImports(file: string, text: string): string[] {
  const own = path.relative(FUNCTIONS, file).split(path.sep)[0]
  return specifiers(text).filter((spec) => {
    const target = targetFunction(file, spec)
    return target !== null && target !== own && target !== '_shared'
  })
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)))
    else if (entry.name.endsWith('.ts')) out.push(full)
  }
  return out
}

describe('function boundaries (DESIGN.md §2.2: no function imports another)', () => {
  it('finds relative, absolute, dynamic and re-exported imports of another function', () => {
    const file = path.join(FUNCTIONS, 'chat', 'service', 'x.ts')
    const text = [
      "import { a } from '../../messages/service/a.ts'",
      `import { b } from '${path.join(FUNCTIONS, 'documents', 'service', 'b.ts')}'`,
      "export { c } from '../../realtime/hub.ts'",
      "const d = await import('../../auth/service/d.ts')",
      "import '../../_server/gateway.ts'",
      "import { e } from '../../_shared/db.ts'",
      "import { f } from './own.ts'",
      "import { g } from '../routes/g.ts'",
      "import { Hono } from 'hono'",
      "type H = import('node:http').IncomingMessage",
    ].join('\n')
    expect(crossFunctionImports(file, text)).toEqual([
      '../../messages/service/a.ts',
      path.join(FUNCTIONS, 'documents', 'service', 'b.ts'),
      '../../realtime/hub.ts',
      '../../_server/gateway.ts',
      '../../auth/service/d.ts',
    ])
  })

  it('holds for every function: each imports only its own folder and functions/_shared', async () => {
    const crossings: string[] = []
    for (const entry of await readdir(FUNCTIONS, { withFileTypes: true })) {
      // _server is the gateway, which mounts every function. _shared is checked too: shared code
      // that imported a function would let every function reach it through _shared.
      if (!entry.isDirectory() || entry.name === '_server') continue
      for (const file of await sourceFiles(path.join(FUNCTIONS, entry.name))) {
        for (const spec of crossFunctionImports(file, await readFile(file, 'utf8')))
          crossings.push(`${path.relative(ROOT, file)} imports ${spec}`)
      }
    }
    expect(crossings).toEqual([])
  })
})

describe('functions/_shared holds no domain logic (DESIGN.md §2.2: cross-cutting code only)', () => {
  it('knows the domains from the functions, the policy files and the web features', async () => {
    const domains = await domainNames(ROOT)
    for (const name of ['messages', 'message', 'documents', 'document', 'shares', 'appointments', 'chat', 'realtime', 'calls', 'clients', 'uploads'])
      expect(domains, name).toContain(name)
    // The infrastructure folders are no domain's.
    for (const name of ['blob', 'mail', 'scan', 'upload']) expect(domains, name).not.toContain(name)
  })

  it('finds a folder named after a domain, at any depth, but not an allowed one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shared-'))
    try {
      for (const folder of ['messages', 'documents/upload', 'blob/chat', 'mail', 'backup']) await mkdir(path.join(dir, folder), { recursive: true })
      const domains = new Set(['messages', 'documents', 'chat', 'backup'])
      expect(await domainFoldersIn(dir, domains, { backup: 'infrastructure' })).toEqual([path.join('blob', 'chat'), 'documents', 'messages'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('holds for functions/_shared: each domain’s code lives in its function', async () => {
    expect(await domainFoldersIn(SHARED, await domainNames(ROOT), INFRASTRUCTURE)).toEqual([])
    // An allowed exception that no longer exists is dropped from the list, not kept as a loophole.
    const present = await readdir(SHARED)
    expect(Object.keys(INFRASTRUCTURE).filter((name) => !present.includes(name))).toEqual([])
  })
})


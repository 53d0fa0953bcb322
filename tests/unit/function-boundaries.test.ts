import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../functions/_shared/paths.ts'

const FUNCTIONS = path.join(ROOT, 'functions')

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

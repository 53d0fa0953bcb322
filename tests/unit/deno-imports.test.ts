import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../functions/_shared/paths.ts'

describe('deno.json', () => {
  it('maps every runtime dependency of package.json to the same exact npm version', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'))
    const deno = JSON.parse(await readFile(path.join(ROOT, 'deno.json'), 'utf8'))
    const missing = Object.entries(pkg.dependencies as Record<string, string>)
      .filter(([name, version]) => deno.imports[name] !== `npm:${name}@${version}`)
      .map(([name]) => name)
    expect(missing).toEqual([])
  })
})

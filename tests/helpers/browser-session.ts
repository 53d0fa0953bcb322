import { call } from './http.ts'

type App = Parameters<typeof call>[0]

/**
 * A cookie jar over call(): keeps the cookies the app sets (session, challenge) and sends them
 * back, like a browser tab of one person.
 */
export function browser(app: App, ip = '203.0.113.10') {
  const jar = new Map<string, string>()
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  return {
    jar,
    async call(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
      const res = await call(app, method, path, { body, cookie: cookie() || undefined, ip, headers })
      for (const set of res.headers.getSetCookie()) {
        const [pair, ...attrs] = set.split(';')
        const [name, value] = pair!.split('=')
        const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()))
        if (expired || !value) jar.delete(name!.trim())
        else jar.set(name!.trim(), value)
      }
      return res
    },
  }
}

/** A rough reading of a User-Agent header: enough to recognise one's own devices. */
export type Device = { browser?: string; os?: string; mobile: boolean }

const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Version\/[\d.]+.*Safari\//, 'Safari'],
]

const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, 'iOS'],
  [/iPad/, 'iPadOS'],
  [/Android/, 'Android'],
  [/Windows NT/, 'Windows'],
  [/CrOS/, 'ChromeOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
]

/** Browser and operating system by name, undefined where the header does not say. */
export function parseUserAgent(userAgent: string | null | undefined): Device {
  const ua = userAgent ?? ''
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1]
  const os = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1]
  return { browser, os, mobile: /Mobile|iPhone|Android|iPad/.test(ua) }
}

// Renders the PNG app icons from web/public/icons/icon.svg with Debian's Chromium.
// Run once after changing the SVG: node web/scripts/render-icons.mjs (the PNGs are committed).
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const icons = fileURLToPath(new URL('../public/icons/', import.meta.url))
const svg = await readFile(`${icons}icon.svg`, 'utf8')
// Maskable: full-bleed background, the mark inside the central safe zone (80 % circle).
const maskable = svg
  .replace(
    '<rect width="64" height="64" rx="14" fill="#1b3252"/>',
    '<rect width="64" height="64" fill="#1b3252"/><g transform="translate(9.6 9.6) scale(0.7)">',
  )
  .replace('</svg>', '</g></svg>')

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
})
try {
  const page = await browser.newPage()
  for (const [source, size, name] of [
    [svg, 192, 'icon-192.png'],
    [svg, 512, 'icon-512.png'],
    [maskable, 512, 'icon-maskable-512.png'],
  ]) {
    await page.setViewportSize({ width: size, height: size })
    const sized = source.replace('<svg ', `<svg width="${size}" height="${size}" `)
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${sized}</body></html>`,
    )
    await page.screenshot({
      path: `${icons}${name}`,
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    })
  }
} finally {
  await browser.close()
}

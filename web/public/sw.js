// Service worker of the Mandantenportal: keeps the app shell (index.html, built assets, manifest,
// icons) so the portal opens quickly and installs as an app. It never caches the API: requests
// under /functions/ go to the network untouched, so no client data ever lands in a cache.
// The build replaces the two placeholders below (see web/vite.config.ts).
const VERSION = '__BUILD_VERSION__'
const SHELL = self.__SHELL__ || ['/index.html', '/manifest.webmanifest', '/icons/icon.svg']
const CACHE = `mandantenportal-shell-${VERSION}`

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('mandantenportal-shell-') && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  // Network only: other origins, the API, and the WebSocket path are never touched.
  if (url.origin !== self.location.origin) return
  if (url.pathname.startsWith('/functions/')) return

  if (request.mode === 'navigate') {
    // Pages: always the current index.html from the server; the cached one only when offline.
    event.respondWith(fetch(request).catch(() => caches.match('/index.html', { cacheName: CACHE })))
    return
  }
  if (url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname)) {
    // Hashed assets and shell files: from the cache, else from the network (kept for next time).
    event.respondWith(
      caches.match(request, { cacheName: CACHE }).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            if (response.ok && url.pathname.startsWith('/assets/')) {
              const copy = response.clone()
              caches.open(CACHE).then((cache) => cache.put(request, copy))
            }
            return response
          }),
      ),
    )
  }
})

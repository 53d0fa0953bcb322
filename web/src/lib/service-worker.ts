/**
 * Registers the service worker (web/public/sw.js) that keeps the app shell available offline and
 * makes the portal installable. Production builds only: the dev server serves no sw.js.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Without a service worker the portal works as before, only not offline.
    })
  })
}

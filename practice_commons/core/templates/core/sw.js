{% autoescape off %}// Practice Commons service worker (practice_commons/core/pwa.py states its rules).
// Version {{ version }}: a new version replaces the app shell and keeps saved pages.
'use strict'

const VERSION = '{{ version }}'
const SHELL_CACHE = 'pc-shell-' + VERSION
const SHELL = {{ shell_json }}
const OFFLINE_URL = '{{ offline_url }}'
const META_CACHE = 'pc-meta'
const OWNER_KEY = '/__offline__/owner'
const SAVED_PREFIX = 'pc-saved-'

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { credentials: 'omit' }))))
      .then(() => self.skipWaiting())
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith('pc-shell-') && key !== SHELL_CACHE)
          .map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  )
})

async function currentOwner () {
  const meta = await caches.open(META_CACHE)
  const response = await meta.match(OWNER_KEY)
  return response ? response.text() : ''
}

async function savedCopy (request) {
  const owner = await currentOwner()
  if (!owner) return undefined
  const saved = await caches.open(SAVED_PREFIX + owner)
  return saved.match(request.url, { ignoreVary: true })
}

async function pageOrSavedCopy (request) {
  try {
    return await fetch(request)
  } catch (error) {
    const saved = await savedCopy(request)
    if (saved) return saved
    const shell = await caches.open(SHELL_CACHE)
    return (await shell.match(OFFLINE_URL)) || Response.error()
  }
}

// With DEBUG the files keep their names while they change, so the network comes first.
const STATIC_NETWORK_FIRST = {{ static_network_first|yesno:"true,false" }}

async function staticFile (request) {
  const shell = await caches.open(SHELL_CACHE)
  const cached = STATIC_NETWORK_FIRST ? undefined : await shell.match(request)
  if (cached) return cached
  try {
    return await fetch(request)
  } catch (error) {
    // Assets of saved pages are kept beside them.
    return (await caches.match(request)) || Response.error()
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (request.mode === 'navigate') {
    event.respondWith(pageOrSavedCopy(request))
  } else if (url.pathname.startsWith('{{ static_prefix }}')) {
    event.respondWith(staticFile(request))
  }
  // Everything else (API calls, htmx fragments, files) goes to the network untouched.
})

self.addEventListener('push', (event) => {
  let notice = {}
  try {
    notice = event.data ? event.data.json() : {}
  } catch (error) {
    notice = {}
  }
  const title = notice.title || '{{ site_name }}'
  event.waitUntil(self.registration.showNotification(title, {
    body: notice.body || '',
    tag: notice.tag || undefined,
    icon: '{{ icon_url }}',
    data: { url: notice.url || '/' }
  }))
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const target = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin)
  if (target.origin !== self.location.origin) return
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if (client.url === target.href && 'focus' in client) return client.focus()
      }
      return self.clients.openWindow(target.href)
    })
  )
})
{% endautoescape %}

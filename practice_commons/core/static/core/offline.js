// Practice Commons on a phone (rules in practice_commons/core/pwa.py): registers the
// service worker, saves pages for offline reading when asked, keeps replies and CPD
// reflections written offline on this device until the connection returns, and clears
// everything from the device when the person signs out.
;(function () {
  'use strict'

  const script = document.currentScript
  if (!script || !('serviceWorker' in navigator) || !('caches' in window) || !('indexedDB' in window)) return

  const WORKER_URL = script.dataset.serviceWorker
  const STATIC_PREFIX = script.dataset.static || '/static/'
  const SIGN_OUT_PATH = script.dataset.signOut || ''
  const OFFLINE_PAGE = script.dataset.offlinePage || '/offline/'
  const LIVE_OWNER = document.body.dataset.offlineOwner || ''
  // Sentences in the reader's language: data-text-* on this script tag or on the offline
  // page (core/offline.html), English otherwise. "{x}" marks where a value goes.
  const say = (name, english, values) => {
    const page = document.getElementById('offline-page')
    const key = 'text' + name
    let text = script.dataset[key] || (page && page.dataset[key]) || english
    for (const [k, v] of Object.entries(values || {})) text = text.split('{' + k + '}').join(v)
    return text
  }
  const META_CACHE = 'pc-meta'
  const OWNER_KEY = '/__offline__/owner'
  const INDEX_KEY = '/__offline__/index'
  const SAVED_PREFIX = 'pc-saved-'
  const DB_NAME = 'pc-offline'
  const DRAFTS = 'drafts'
  const shellPage = document.querySelector('#offline-page[data-shell="1"]')

  // --- Drafts, kept in IndexedDB (never in a cache) -----------------------------------
  function openDrafts () {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1)
      request.onupgradeneeded = () => request.result.createObjectStore(DRAFTS, { keyPath: 'id', autoIncrement: true })
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
  }

  async function draftsDo (mode, work) {
    const db = await openDrafts()
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(DRAFTS, mode)
        const request = work(tx.objectStore(DRAFTS))
        tx.oncomplete = () => resolve(request && request.result)
        tx.onerror = () => reject(tx.error)
      })
    } finally {
      db.close()
    }
  }

  const allDrafts = () => draftsDo('readonly', (store) => store.getAll())
  const addDraft = (draft) => draftsDo('readwrite', (store) => store.add(draft))
  const deleteDraft = (id) => draftsDo('readwrite', (store) => store.delete(id))

  // --- Whose device this is ------------------------------------------------------------
  async function knownOwner () {
    if (LIVE_OWNER) return LIVE_OWNER
    const meta = await caches.open(META_CACHE)
    const response = await meta.match(OWNER_KEY)
    return response ? response.text() : ''
  }

  // A page fresh from the server says who is signed in. Another person's saved pages and
  // drafts are deleted; a signed-out visit hides them (the worker serves nobody's) until
  // the same person signs in again.
  async function reconcileOwner () {
    if (shellPage || !navigator.onLine) return
    const meta = await caches.open(META_CACHE)
    const previous = await meta.match(OWNER_KEY)
    await meta.put(OWNER_KEY, new Response(LIVE_OWNER))
    if (!LIVE_OWNER) return
    const keys = await caches.keys()
    await Promise.all(keys.filter((key) => key.startsWith(SAVED_PREFIX) && key !== SAVED_PREFIX + LIVE_OWNER)
      .map((key) => caches.delete(key)))
    const drafts = await allDrafts()
    await Promise.all(drafts.filter((draft) => draft.owner !== LIVE_OWNER).map((draft) => deleteDraft(draft.id)))
    return previous
  }

  // --- Saved pages ---------------------------------------------------------------------
  const savedCache = (owner) => caches.open(SAVED_PREFIX + owner)

  async function readIndex (cache) {
    const response = await cache.match(INDEX_KEY)
    return response ? response.json() : []
  }

  function writeIndex (cache, entries) {
    return cache.put(INDEX_KEY, new Response(JSON.stringify(entries), { headers: { 'Content-Type': 'application/json' } }))
  }

  function pageKey (url) {
    const parsed = new URL(url, location.href)
    return parsed.pathname + parsed.search
  }

  async function keepAssets (cache, doc) {
    const urls = Array.from(doc.querySelectorAll('link[rel="stylesheet"][href], script[src]'))
      .map((element) => element.getAttribute('href') || element.getAttribute('src'))
      .filter((url) => url.startsWith(STATIC_PREFIX))
    await Promise.all(urls.map(async (url) => {
      if (await caches.match(url)) return
      try {
        const response = await fetch(url, { credentials: 'omit' })
        if (response.ok) await cache.put(url, response)
      } catch (error) { /* the page still reads without it */ }
    }))
  }

  // The server refused the page to this person (gone, no longer theirs to read).
  class NotSaveable extends Error {}

  // The server's own copy is fetched again and kept only if it offers saving to this
  // same person: the decision is the server's, never this script's.
  async function savePage (url, { keepPlace = false } = {}) {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
    if (response.status >= 500) throw new Error('server error')
    const html = await response.text()
    const doc = new DOMParser().parseFromString(html, 'text/html')
    const allowed = response.ok && !response.redirected && doc.querySelector('[data-offline-save]') &&
      doc.body.dataset.offlineOwner === LIVE_OWNER
    if (!allowed) throw new NotSaveable(url)
    const cache = await savedCache(LIVE_OWNER)
    await cache.put(pageKey(url), new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } }))
    await keepAssets(cache, doc)
    const entry = { url: pageKey(url), title: headingOf(doc), savedAt: new Date().toISOString() }
    const entries = await readIndex(cache)
    const place = entries.findIndex((item) => item.url === entry.url)
    if (keepPlace && place >= 0) {
      entries[place] = entry
    } else {
      if (place >= 0) entries.splice(place, 1)
      entries.unshift(entry)
    }
    await writeIndex(cache, entries)
  }

  // Now and then, online, saved copies are brought up to date, and a page the person may
  // no longer read (removed from a private community, the thread deleted) leaves the
  // device.
  const REFRESH_EVERY_MS = 6 * 60 * 60 * 1000
  async function refreshSavedPages () {
    if (!LIVE_OWNER || !navigator.onLine || shellPage) return
    const meta = await caches.open(META_CACHE)
    const key = '/__offline__/refreshed-' + LIVE_OWNER
    const last = await meta.match(key)
    if (last && Date.now() - Number(await last.text()) < REFRESH_EVERY_MS) return
    await meta.put(key, new Response(String(Date.now())))
    const cache = await savedCache(LIVE_OWNER)
    for (const entry of await readIndex(cache)) {
      try {
        await savePage(entry.url, { keepPlace: true })
      } catch (error) {
        if (error instanceof NotSaveable) await removePage(LIVE_OWNER, entry.url)
      }
    }
  }

  function headingOf (doc) {
    const heading = doc.querySelector('main h1')
    return (heading && heading.textContent.trim()) || doc.title
  }

  async function removePage (owner, url) {
    const cache = await savedCache(owner)
    await cache.delete(url)
    await writeIndex(cache, (await readIndex(cache)).filter((entry) => entry.url !== url))
  }

  async function isSaved (url) {
    const cache = await savedCache(LIVE_OWNER)
    return Boolean(await cache.match(url))
  }

  function setUpSaveButton (block) {
    const button = block.querySelector('[data-offline-save-button]')
    const status = block.querySelector('[data-offline-save-status]')
    const url = pageKey(location.href)
    const show = (saved) => {
      button.textContent = saved ? button.dataset.removeText : button.dataset.saveText
      button.dataset.saved = saved ? '1' : '0'
    }
    isSaved(url).then(show)
    button.addEventListener('click', async () => {
      button.disabled = true
      try {
        if (button.dataset.saved === '1') {
          await removePage(LIVE_OWNER, url)
          status.textContent = say('Removed', 'Removed from this device.')
          show(false)
        } else {
          await savePage(url)
          status.textContent = say('Saved', 'Saved on this device. You can read it without a connection.')
          show(true)
        }
      } catch (error) {
        status.textContent = navigator.onLine
          ? say('NotSaved', 'This page could not be saved. Try again.')
          : say('OfflineNoSave', 'You are offline: pages can be saved only with a connection.')
      } finally {
        button.disabled = false
      }
    })
    block.hidden = false
  }

  // --- Writing offline ---------------------------------------------------------------
  function formFields (form) {
    const fields = []
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string') fields.push([name, value])
    }
    return fields
  }

  function sayInForm (form, text) {
    let note = form.querySelector('[data-offline-draft-status]')
    if (!note) {
      note = document.createElement('div')
      note.className = 'govuk-inset-text'
      note.setAttribute('role', 'status')
      note.dataset.offlineDraftStatus = ''
      form.prepend(note)
    }
    note.textContent = text + ' '
    const link = document.createElement('a')
    link.href = OFFLINE_PAGE
    link.className = 'govuk-link'
    link.textContent = say('SeeSaved', 'See what is saved on this device')
    note.append(link)
  }

  async function keepDraft (form) {
    const owner = await knownOwner()
    if (!owner) return sayInForm(form, say('NotKept', 'You are offline and not signed in on this device: this could not be kept.'))
    await addDraft({
      owner,
      kind: form.dataset.offlineDraft,
      action: new URL(form.getAttribute('action') || location.href, location.href).href,
      page: location.href.split('#')[0],
      title: headingOf(document),
      fields: formFields(form),
      createdAt: new Date().toISOString()
    })
    const files = Array.from(form.querySelectorAll('input[type="file"]')).some((input) => input.files.length)
    form.reset()
    sayInForm(form, say('Kept', 'You are offline. What you wrote is kept on this device only and will be sent when you are back online; it is checked for identifiable details then, as usual.') +
      (files ? ' ' + say('FilesNotKept', 'Attached files are not kept: add them again once it is sent.') : ''))
  }

  // Captured before htmx or the browser submit the form.
  window.addEventListener('submit', (event) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement)) return
    if (SIGN_OUT_PATH && new URL(form.action, location.href).pathname === SIGN_OUT_PATH) {
      event.preventDefault()
      event.stopImmediatePropagation()
      clearDevice().finally(() => form.submit())
      return
    }
    if (form.matches('form[data-offline-draft]') && !navigator.onLine) {
      event.preventDefault()
      event.stopImmediatePropagation()
      keepDraft(form)
    }
  }, true)

  async function freshToken (pageUrl) {
    const response = await fetch(pageUrl, { credentials: 'same-origin' })
    if (!response.ok || response.redirected) return ''
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html')
    if (doc.body.dataset.offlineOwner !== LIVE_OWNER) return ''
    const input = doc.querySelector('input[name="csrfmiddlewaretoken"]')
    return input ? input.value : ''
  }

  // Once the person has started to go elsewhere, the server's answer must not replace
  // the page they are leaving for.
  let leaving = false
  window.addEventListener('beforeunload', () => { leaving = true })

  function showServerAnswer (html, url) {
    history.replaceState(null, '', url)
    document.open()
    document.write(html)
    document.close()
  }

  // One draft at a time. Stored (the server redirects): the draft is done. Shown again
  // with the guard's findings or a refusal: the text is in the form the server sent
  // back, which replaces this page exactly as if it had been sent online. Anything else
  // (no connection, an error page, signed out): the draft stays for the next try.
  let sending = false
  async function sendWaitingDraft () {
    if (sending || !navigator.onLine || !LIVE_OWNER || shellPage) return
    sending = true
    try {
      const draft = (await allDrafts()).find((item) => item.owner === LIVE_OWNER)
      if (!draft) return
      const token = await freshToken(draft.page)
      if (!token) return
      const body = new URLSearchParams()
      for (const [name, value] of draft.fields) body.append(name, name === 'csrfmiddlewaretoken' ? token : value)
      const response = await fetch(draft.action, { method: 'POST', body, credentials: 'same-origin' })
      const html = await response.text()
      if (response.redirected) {
        await deleteDraft(draft.id)
        if (!leaving) showServerAnswer(html, response.url)
        return
      }
      const doc = new DOMParser().parseFromString(html, 'text/html')
      if (!doc.querySelector('form[data-offline-draft]') || leaving) return
      await deleteDraft(draft.id)
      showServerAnswer(html, draft.page)
    } catch (error) {
      // Still no connection: the draft stays for the next try.
    } finally {
      sending = false
    }
  }

  // --- Signing out ---------------------------------------------------------------------
  async function clearDevice () {
    try {
      const keys = await caches.keys()
      await Promise.all(keys.filter((key) => key.startsWith('pc-')).map((key) => caches.delete(key)))
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(DB_NAME)
        request.onsuccess = request.onerror = request.onblocked = () => resolve()
      })
      const registration = await navigator.serviceWorker.getRegistration('/')
      const subscription = registration && registration.pushManager && await registration.pushManager.getSubscription()
      if (subscription) await subscription.unsubscribe()
    } catch (error) {
      // The server's Clear-Site-Data header clears the rest.
    }
  }

  // --- The "Saved on this device" page ---------------------------------------------------
  function listItem (text, href, meta, onRemove) {
    const item = document.createElement('li')
    const link = document.createElement(href ? 'a' : 'span')
    link.textContent = text
    if (href) {
      link.href = href
      link.className = 'govuk-link'
    }
    item.append(link)
    const small = document.createElement('span')
    small.className = 'govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0'
    small.textContent = meta
    item.append(small)
    const remove = document.createElement('button')
    remove.type = 'button'
    remove.className = 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-top-1'
    remove.textContent = say('Remove', 'Remove')
    const hidden = document.createElement('span')
    hidden.className = 'govuk-visually-hidden'
    hidden.textContent = ' ' + text
    remove.append(hidden)
    remove.addEventListener('click', () => onRemove().then(renderOfflinePage))
    item.append(remove)
    return item
  }

  const when = (iso) => new Date(iso).toLocaleString(document.documentElement.lang || 'en-GB', { dateStyle: 'medium', timeStyle: 'short' })

  async function renderOfflinePage () {
    const page = document.getElementById('offline-page')
    if (!page) return
    page.querySelector('[data-offline-notice]').hidden = navigator.onLine
    const owner = await knownOwner()
    const entries = owner ? await readIndex(await savedCache(owner)) : []
    const savedList = page.querySelector('[data-offline-saved-list]')
    savedList.replaceChildren(...entries.map((entry) =>
      listItem(entry.title, entry.url, say('SavedAt', 'Saved {when}', { when: when(entry.savedAt) }), () => removePage(owner, entry.url))))
    page.querySelector('[data-offline-saved-empty]').hidden = entries.length > 0
    const drafts = owner ? (await allDrafts()).filter((draft) => draft.owner === owner) : []
    const draftList = page.querySelector('[data-offline-drafts-list]')
    draftList.replaceChildren(...drafts.map((draft) =>
      listItem(say('Draft', 'Your {kind} on “{title}”', { kind: draft.kind, title: draft.title }), '', say('WrittenAt', 'Written {when}', { when: when(draft.createdAt) }),
        () => deleteDraft(draft.id))))
    page.querySelector('[data-offline-drafts-empty]').hidden = drafts.length > 0
  }

  // --- Start -----------------------------------------------------------------------------
  navigator.serviceWorker.register(WORKER_URL, { scope: '/' }).catch(() => {})
  reconcileOwner().then(() => {
    if (LIVE_OWNER) document.querySelectorAll('[data-offline-save]').forEach(setUpSaveButton)
    renderOfflinePage()
    sendWaitingDraft()
    refreshSavedPages()
  })
  window.addEventListener('online', sendWaitingDraft)
})()

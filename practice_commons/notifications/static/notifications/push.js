// "Turn on notifications on this phone or computer" (notifications/README.md, "Push").
// Progressive enhancement: without JavaScript, or in a browser without service workers
// and the Push API, the page keeps its plain sentence saying this browser cannot receive
// notifications. Otherwise this registers the site's service worker (/sw.js), subscribes
// with the site's VAPID public key and posts the subscription, with the CSRF token, to
// the preferences page's endpoint; the page then reloads to list the device.
(function () {
  'use strict'

  var root = document.querySelector('[data-push]')
  if (!root) return
  var button = root.querySelector('[data-push-button]')
  var status = root.querySelector('[data-push-status]')
  var unsupported = root.querySelector('[data-push-unsupported]')
  var key = root.getAttribute('data-vapid-public-key')
  var url = root.getAttribute('data-subscribe-url')
  var csrf = root.querySelector('input[name="csrfmiddlewaretoken"]')
  // The page gives each sentence in the reader's language (data-text-*); English otherwise.
  function text (name, english) {
    return root.getAttribute('data-text-' + name) || english
  }
  var BLOCKED = text('blocked', 'Notifications from this site are blocked in this browser\u2019s settings. Allow them there, then try again.')

  if (!('serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window) || !key) {
    return // the plain sentence stays
  }
  unsupported.hidden = true
  button.hidden = false

  function say (text) {
    status.textContent = text
  }

  function keyBytes (base64url) {
    var padded = base64url.replace(/-/g, '+').replace(/_/g, '/')
    padded += '='.repeat((4 - (padded.length % 4)) % 4)
    var raw = window.atob(padded)
    var bytes = new Uint8Array(raw.length)
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i)
    return bytes
  }

  if (Notification.permission === 'denied') {
    say(BLOCKED)
  }

  button.addEventListener('click', function () {
    button.disabled = true
    say(text('turning-on', 'Turning on notifications\u2026'))
    navigator.serviceWorker.register('/sw.js', { scope: '/' })
      .then(function () { return navigator.serviceWorker.ready })
      .then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(key)
        })
      })
      .then(function (subscription) {
        return fetch(url, {
          method: 'POST',
          credentials: 'same-origin',
          headers: {
            'Content-Type': 'application/json',
            'X-CSRFToken': csrf ? csrf.value : ''
          },
          body: JSON.stringify(subscription.toJSON())
        })
      })
      .then(function (response) {
        if (response.ok) {
          window.location.reload()
          return
        }
        return response.json().then(function (body) {
          var detail = body && body.detail
          if (detail && typeof detail === 'object') {
            detail = Object.keys(detail).map(function (k) { return [].concat(detail[k]).join(' ') }).join(' ')
          }
          throw new Error(detail || text('not-saved', 'The site could not save this device.'))
        })
      })
      .catch(function (error) {
        button.disabled = false
        if (window.Notification && Notification.permission === 'denied') {
          say(BLOCKED)
        } else {
          say(text('failed', 'Notifications could not be turned on.') + ' ' + (error && error.message ? error.message : ''))
        }
      })
  })
})()

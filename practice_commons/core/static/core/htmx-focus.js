// Keep keyboard focus on the page when htmx replaces the element that had it.
//
// htmx puts focus back only on an element with the same id as the one that had it. When
// there is none (a Join button that becomes Leave, a reply form swapped for an empty
// one), focus would fall to <body>, and keyboard and screen reader users would have to
// start again from the top of the page (WCAG 2.4.3 Focus Order). Instead, focus moves
// into what was swapped in: the first field in error, else an element the response
// marks with data-swap-focus, else the swapped region itself. A swap that did not
// remove the focused element (a poll while someone types elsewhere) is left alone.
// Loaded with `defer` from base.html; what an update says is announced by the page's
// own live regions (role="status"), not here.
;(function () {
  'use strict'
  var pending = new WeakMap()

  document.addEventListener('htmx:beforeSwap', function (event) {
    var active = document.activeElement
    if (active && active !== document.body && event.detail.xhr) {
      pending.set(event.detail.xhr, { focused: active, target: event.detail.target })
    }
  })

  document.addEventListener('htmx:afterSettle', function (event) {
    var xhr = event.detail.xhr
    var before = xhr && pending.get(xhr)
    if (!before) return
    pending.delete(xhr) // one decision per response, whatever the number of elements
    var marked = document.querySelectorAll('[data-swap-focus]')
    var active = document.activeElement
    var lost = !before.focused.isConnected && (!active || active === document.body)
    if (lost) {
      var target = before.target
      var region = target && target.isConnected ? target : target && target.id && document.getElementById(target.id)
      var next = (region && region.querySelector('[aria-invalid="true"]')) || marked[0] || region
      if (next) {
        if (next.tabIndex < 0 && !next.hasAttribute('tabindex')) next.setAttribute('tabindex', '-1')
        next.focus()
      }
    }
    for (var i = 0; i < marked.length; i++) marked[i].removeAttribute('data-swap-focus')
  })
})()

// The main navigation's menus are native <details> elements: they open and close with
// Enter or Space without any script. This file adds what people expect of a menu:
// opening one closes the others, Escape closes it (focus back on its summary), and a
// click elsewhere on the page closes it. Loaded with `defer` from base.html.
;(function () {
  var menus = Array.prototype.slice.call(document.querySelectorAll('[data-app-nav-menu]'))
  if (!menus.length) return

  menus.forEach(function (menu) {
    menu.addEventListener('toggle', function () {
      if (!menu.open) return
      menus.forEach(function (other) {
        if (other !== menu) other.open = false
      })
    })
    menu.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && menu.open) {
        menu.open = false
        menu.querySelector('summary').focus()
      }
    })
  })

  document.addEventListener('click', function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) menu.open = false
    })
  })
})()

// Practice Commons: start GOV.UK Frontend's components (header menu, service
// navigation, error summary focus, character counts, exit this page, ...).
//
// Loaded as <script type="module">, so browsers without ES module support skip it
// and keep the plain HTML experience; no inline script is needed, which keeps the
// Content Security Policy at script-src 'self'.
import { initAll } from './govuk-frontend.min.js'

initAll()

// htmx swaps in new markup after the page loads: start components inside it too.
document.addEventListener('htmx:load', (event) => {
  const root = event.detail && event.detail.elt
  if (root && root !== document.body && root.querySelector) {
    initAll({ scope: root })
  }
})

// Build Practice Commons' front-end assets into practice_commons/core/static/dist/.
//
//   dist/application.css          GOV.UK Frontend + our brand (scss/application.scss)
//   dist/application.js           ES module that starts GOV.UK Frontend (js/application.js)
//   dist/govuk-frontend.min.js    GOV.UK Frontend's own ES module bundle (+ source map)
//   dist/images/                  the platform's own icons (assets/); the web app manifest
//                                 and the PNG icons come from core/pwa.py (host's brand)
//
// GOV.UK Frontend's fonts and images are deliberately NOT copied: they are the GDS
// Transport typeface and Crown artwork, which only GOV.UK may use.
//
// Run through scripts/build_assets.sh, which installs node_modules first and skips
// the build when nothing changed.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import * as sass from 'sass'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..')
const dist = join(root, 'practice_commons', 'core', 'static', 'dist')
const govuk = join(here, 'node_modules', 'govuk-frontend', 'dist', 'govuk')

// A fresh directory each time, so files we stop shipping do not linger.
rmSync(dist, { recursive: true, force: true })
mkdirSync(join(dist, 'images'), { recursive: true })

// GOV.UK Frontend 5 is written with @import; silence only the deprecations it
// triggers so our own code still gets every warning.
const silence = ['import', 'global-builtin', 'color-functions', 'slash-div', 'if-function',
  'function-units'].filter((id) => sass.deprecations[id]?.status === 'active')

const css = sass.compile(join(here, 'scss', 'application.scss'), {
  loadPaths: [join(here, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: silence,
  sourceMap: false
})
writeFileSync(join(dist, 'application.css'), css.css + '\n')

cpSync(join(govuk, 'govuk-frontend.min.js'), join(dist, 'govuk-frontend.min.js'))
// The bundle ends with a sourceMappingURL comment; Django's manifest storage follows
// it during collectstatic, so the map must ship beside it.
cpSync(join(govuk, 'govuk-frontend.min.js.map'), join(dist, 'govuk-frontend.min.js.map'))
cpSync(join(here, 'js', 'application.js'), join(dist, 'application.js'))

for (const name of readdirSync(join(here, 'assets', 'images'))) {
  cpSync(join(here, 'assets', 'images', name), join(dist, 'images', name))
}

const { version } = JSON.parse(readFileSync(join(govuk, '..', '..', 'package.json'), 'utf8'))
console.log(`built ${dist} (govuk-frontend ${version}, ${css.css.length} bytes of CSS)`)

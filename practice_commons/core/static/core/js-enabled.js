// Mark the page as scripted before it paints, so GOV.UK Frontend's styles for
// JavaScript-enhanced components apply without a flash of unenhanced content.
// This is GOV.UK Frontend's usual inline snippet, moved to a file so the Content
// Security Policy can stay at script-src 'self'. Load it as the first thing in <body>.
document.body.className +=
  ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')

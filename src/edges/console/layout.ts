// Edge (console): the page around every view — landmarks (header, nav, main, footer), a skip link,
// the one stylesheet, and who is signed in. No scripts anywhere: the CSP forbids them.
import { html, type SafeHtml } from './html.js';
import { CONSOLE_CSS_PATH, FAVICON_PATH } from './style.js';
import type { Viewer } from './viewer.js';

export type Section = 'incidents' | 'stats' | null;

export function page(opts: { title: string; viewer: Viewer | null; section: Section; body: SafeHtml }): string {
  const { title, viewer, section, body } = opts;
  const current = (s: Section) => (s === section ? html` aria-current="page"` : '');
  const who = viewer === null
    ? ''
    : viewer.kind === 'local'
      ? html`<div class="who"><span>Local mode (this machine only)</span></div>`
      : html`<div class="who"><span>Signed in as ${viewer.name}</span>
          <form method="post" action="/auth/slack/logout"><button class="link" type="submit">Sign out</button></form></div>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Firebreak</title>
<link rel="stylesheet" href="${CONSOLE_CSS_PATH}">
<link rel="icon" type="image/svg+xml" href="${FAVICON_PATH}">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<a class="brand" href="/">Firebreak</a>
${viewer === null ? '' : html`<nav aria-label="Main"><ul><li><a href="/"${current('incidents')}>Incidents</a></li><li><a href="/stats"${current('stats')}>Stats</a></li></ul></nav>`}
${who}
</header>
<main id="main">
${body}
</main>
<footer class="site">Firebreak web console · times in UTC</footer>
</body>
</html>
`.text;
}

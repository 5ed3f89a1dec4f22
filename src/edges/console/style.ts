// Edge (console): the one stylesheet, served from a URL named by its hash (cached for good; a new
// version is a new URL). The CSP allows styles from this origin only — no inline style anywhere.
import { createHash } from 'node:crypto';

export const CONSOLE_CSS = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --line: #d0d7de; --accent: #0b57d0;
  --sev1: #b3261e; --sev2: #a34e00; --sev3: #6b5900; --sev4: #3d5a80; --ok: #1a7f37; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 1; }
header.site { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; padding: .75rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--panel); }
header.site .brand { font-weight: 700; margin-right: 1rem; color: var(--fg); text-decoration: none; }
header.site nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
header.site .who { margin-left: auto; display: flex; gap: .75rem; align-items: center; color: var(--muted); }
main { padding: 1rem 1.5rem 3rem; max-width: 80rem; }
footer.site { padding: 1rem 1.5rem; color: var(--muted); border-top: 1px solid var(--line); font-size: .875rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
.muted { color: var(--muted); }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem 1rem; align-items: flex-end; padding: .75rem; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; margin-bottom: 1rem; }
form.filters label { display: flex; flex-direction: column; font-size: .875rem; color: var(--fg); }
select, input, button { font: inherit; padding: .3rem .5rem; border: 1px solid #8c959f; border-radius: 4px; background: var(--bg); color: var(--fg); }
button { cursor: pointer; background: var(--accent); color: #fff; border-color: var(--accent); }
button.link { background: none; color: var(--accent); border: none; padding: 0; text-decoration: underline; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
caption { text-align: left; color: var(--muted); padding: .25rem 0; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .8rem; font-weight: 600; color: #fff; background: var(--muted); }
.badge.sev1 { background: var(--sev1); } .badge.sev2 { background: var(--sev2); } .badge.sev3 { background: var(--sev3); } .badge.sev4 { background: var(--sev4); }
.badge.open { background: var(--sev1); } .badge.done { background: var(--ok); }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.5rem; }
dl.summary dt { color: var(--muted); } dl.summary dd { margin: 0; }
ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 2px solid var(--line); }
ol.timeline li { padding: .25rem 0 .5rem 1rem; }
ol.timeline .when { color: var(--muted); font-size: .875rem; margin-right: .5rem; }
ol.timeline .who { color: var(--muted); font-size: .875rem; }
nav.pages { display: flex; gap: 1rem; align-items: center; margin-top: 1rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(26rem, 1fr)); gap: 1.5rem; }
figure.chart { margin: 0; padding: .75rem; border: 1px solid var(--line); border-radius: 6px; }
figure.chart figcaption { font-weight: 600; margin-bottom: .5rem; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart .axis { stroke: #8c959f; stroke-width: 1; }
svg.chart .grid { stroke: #eaeef2; stroke-width: 1; }
svg.chart text { fill: var(--muted); font-size: 11px; }
svg.chart text.empty { font-size: 14px; }
svg.chart .s-sev1 { fill: var(--sev1); } svg.chart .s-sev2 { fill: var(--sev2); } svg.chart .s-sev3 { fill: var(--sev3); } svg.chart .s-sev4 { fill: var(--sev4); }
svg.chart .line { fill: none; stroke-width: 2.5; }
svg.chart .l-p50 { stroke: var(--accent); } svg.chart .l-p90 { stroke: var(--sev2); stroke-dasharray: 6 4; }
svg.chart .d-p50 { fill: var(--accent); } svg.chart .d-p90 { fill: var(--sev2); }
.legend { display: flex; gap: 1rem; font-size: .875rem; color: var(--muted); list-style: none; padding: 0; margin: .25rem 0 0; }
.legend .key { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .3rem; vertical-align: -1px; background: var(--muted); }
.legend .key.sev1 { background: var(--sev1); } .legend .key.sev2 { background: var(--sev2); } .legend .key.sev3 { background: var(--sev3); } .legend .key.sev4 { background: var(--sev4); }
.legend .key.p50 { background: var(--accent); } .legend .key.p90 { background: var(--sev2); }
svg.chart .s-met { fill: var(--ok); } svg.chart .s-missed { fill: var(--sev1); } svg.chart .s-pending { fill: #8c959f; }
.legend .key.met { background: var(--ok); } .legend .key.missed { background: var(--sev1); } .legend .key.pending { background: #8c959f; }
figure.chart.narrow { max-width: 44rem; margin-top: 1rem; }
#targets tr.overall td { font-weight: 600; }
.notice { padding: .75rem 1rem; border: 1px solid var(--line); border-left: 4px solid var(--accent); background: var(--panel); border-radius: 4px; }
.postmortem { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; }
.postmortem table { width: auto; }
ol.timeline .category { display: inline-block; min-width: 5.5rem; font-size: .75rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
.break-glass { color: var(--sev1); }
details summary { cursor: pointer; color: var(--accent); }
`;

export const CONSOLE_CSS_PATH = `/static/console-${createHash('sha256').update(CONSOLE_CSS).digest('hex').slice(0, 12)}.css`;

/** The tab icon (a flame-coloured disc), served beside the stylesheet so browsers do not ask for /favicon.ico. */
export const FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#b3261e"/></svg>';
export const FAVICON_PATH = `/static/favicon-${createHash('sha256').update(FAVICON_SVG).digest('hex').slice(0, 12)}.svg`;

// Edge (console): times and durations as people read them — UTC, to the minute or second.
import { html, type SafeHtml } from './html.js';

/** `2026-12-07 21:04 UTC` in a <time> element carrying the exact instant. */
export function time(iso: string | null | undefined, seconds = false): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return html`<span class="muted">—</span>`;
  const text = d.toISOString().slice(0, seconds ? 19 : 16).replace('T', ' ') + ' UTC';
  return html`<time datetime="${d.toISOString()}">${text}</time>`;
}

/** `45s`, `4m 10s`, `2h 5m`, `3d 4h`; null → an em dash. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

export function between(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isNaN(ms) ? null : ms;
}

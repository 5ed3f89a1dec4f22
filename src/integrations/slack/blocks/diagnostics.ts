// Slack: the Diagnostics message — one section per source, each worded from its finding (pure).
// Everything a vendor sent is untrusted: escaped for mrkdwn, cut to Slack's limits; a failed or
// timed-out source is one line, never a stack or a vendor body.
import type { KnownBlock } from '@slack/types';
import type {
  ChangesFinding, DatadogFinding, DiagnosticsFinding, DiagnosticsReport, DiagnosticsSourceName, PagerDutyFinding, ProbesFinding, SentryFinding, SourceAnswer,
} from '../../../domain/diagnostics.js';
import { SLACK_LIMITS, mrkdwnText, truncate } from '../escape.js';
import { formatDuration, incidentRef, link, safeUrl, slackDate, userMention } from './format.js';

export const SOURCE_LABELS: Record<DiagnosticsSourceName, string> = {
  datadog: 'Datadog',
  sentry: 'Sentry',
  pagerduty: 'PagerDuty',
  probes: 'Health probes',
  changes: 'What changed',
};

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.textObject) }] });

/** Vendor text in a code span/block: escaped, and no backticks left to close the block early. */
const code = (text: string, max: number) => mrkdwnText(text.replace(/`/g, "'"), max);

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);

function triggerLine(r: DiagnosticsReport): string {
  if (r.trigger === 'declared') return 'Gathered at declaration — kept unchanged on the timeline for the post-mortem.';
  const who = r.requestedBy ? ` by ${userMention(r.requestedBy)}` : '';
  return `Asked for${who} with ${r.trigger === 'command' ? '`/incident diag`' : 'the Diagnostics button'}.`;
}

export function diagnosticsMessage(report: DiagnosticsReport, _now: Date): { text: string; blocks: KnownBlock[] } {
  const answered = report.sources.filter((s) => report.answers[s] !== undefined).length;
  const head = `:mag: *Diagnostics* for ${incidentRef(report.incident, 120)}${report.incident.service ? ` (${mrkdwnText(report.incident.service, 80)})` : ''}`;
  const progress = answered === report.sources.length ? 'all sources answered' : `${answered} of ${report.sources.length} sources answered`;
  const blocks: KnownBlock[] = [section(head), context(`${triggerLine(report)} ${progress}.`)];
  for (const source of report.sources) blocks.push(...sourceBlocks(source, report.answers[source]));
  const text = `Diagnostics for ${incidentRef(report.incident, 120)}: ${progress}`;
  return { text: truncate(text, SLACK_LIMITS.messageText), blocks: blocks.slice(0, SLACK_LIMITS.messageBlocks) };
}

function sourceBlocks(source: DiagnosticsSourceName, answer: SourceAnswer | undefined): KnownBlock[] {
  const label = `*${SOURCE_LABELS[source]}*`;
  if (answer === undefined) return [context(`:hourglass_flowing_sand: ${SOURCE_LABELS[source]}: asking…`)];
  switch (answer.status) {
    case 'failed':
      return [section(`:warning: ${label}: failed — ${mrkdwnText(answer.error, 200)}`)];
    case 'timeout':
      return [section(`:warning: ${label}: no answer within ${seconds(answer.afterMs)}`)];
    case 'rate-limited':
      return [section(`:warning: ${label}: the vendor asked us to slow down (HTTP 429); ask again in ${seconds(answer.retryAfterMs)}`)];
    case 'skipped':
      return [context(`${SOURCE_LABELS[source]}: skipped — ${mrkdwnText(answer.reason, 200)}`)];
    case 'ok': {
      const blocks = findingBlocks(answer.finding);
      const notes = [answer.cached ? 'cached answer' : null, ...answer.problems.map((p) => `could not get ${mrkdwnText(p, 150)}`)].filter((x): x is string => x !== null);
      if (notes.length > 0) blocks.push(context(`${SOURCE_LABELS[source]}: ${notes.join('; ')}`));
      return blocks;
    }
  }
}

function findingBlocks(f: DiagnosticsFinding): KnownBlock[] {
  switch (f.source) {
    case 'datadog':
      return datadogBlocks(f);
    case 'sentry':
      return sentryBlocks(f);
    case 'pagerduty':
      return pagerdutyBlocks(f);
    case 'probes':
      return probesBlocks(f);
    case 'changes':
      return changesBlocks(f);
  }
}

function datadogBlocks(f: DatadogFinding): KnownBlock[] {
  const out: KnownBlock[] = [];
  if (f.monitor) {
    const m = f.monitor;
    const lines = [
      `*Datadog monitor* ${link(m.url, m.name, 150)} — state *${mrkdwnText(m.state, 40)}*`,
      `Query: \`${code(m.query, 500)}\``,
    ];
    if (m.message.trim() !== '') lines.push(`>${mrkdwnText(m.message.replace(/\n+/g, ' '), 500)}`);
    out.push(section(lines.join('\n')));
  } else out.push(section('*Datadog*: no monitor on this incident (it was not declared by a Datadog alert)'));
  const graphUrl = f.graph ? safeUrl(f.graph.url) : null;
  if (f.graph && graphUrl) out.push({ type: 'image', image_url: f.graph.url, alt_text: mrkdwnText(`Graph of ${f.graph.query} over the last hour`, 2000), title: { type: 'plain_text', text: 'Last hour' } });
  if (f.logs) {
    const samples = f.logs.samples.map((s) => code(s.replace(/\s+/g, ' '), 300)).join('\n');
    out.push(section(`*Error logs* (last 15 min, \`${code(f.logs.query, 200)}\`): *${f.logs.count}*${samples ? `\n\`\`\`${samples}\`\`\`` : ''}`));
  }
  if (f.events.length > 0) {
    out.push(section(`*Recent events*\n${f.events.slice(0, 5).map((e) => `• ${slackDate(e.at)} ${link(e.url, e.title, 150)}`).join('\n')}`));
  }
  return out;
}

function sentryBlocks(f: SentryFinding): KnownBlock[] {
  const out: KnownBlock[] = [];
  if (f.issue) {
    const i = f.issue;
    const facts = [
      `*${i.count}* events`, `*${i.users}* users`,
      i.firstSeen ? `first seen ${slackDate(i.firstSeen)}` : null, i.lastSeen ? `last seen ${slackDate(i.lastSeen)}` : null,
      i.release ? `release \`${code(i.release, 80)}\`` : null, i.environment ? `env \`${code(i.environment, 40)}\`` : null,
    ].filter(Boolean);
    out.push(section(`*Sentry issue* ${link(i.url, i.title, 150)}\n${facts.join(' · ')}`));
  }
  if (f.frames.length > 0) {
    const frames = f.frames.slice(0, 8).map((fr) => code(`${fr.function ?? '?'} (${fr.file}${fr.line !== null ? `:${fr.line}` : ''})`, 200)).join('\n');
    out.push(section(`*Latest event, in-app frames*\n\`\`\`${frames}\`\`\``));
  }
  if (f.metricAlert) {
    const a = f.metricAlert;
    const value = a.value === null ? 'no current value' : `now *${a.value}*`;
    out.push(section(`*Sentry metric alert* ${mrkdwnText(a.name, 150)}: \`${code(a.query, 300)}\` — ${value}${a.threshold !== null ? ` (threshold ${a.threshold})` : ''}`));
  }
  if (out.length === 0) out.push(section('*Sentry*: no Sentry issue or metric alert on this incident'));
  return out;
}

function pagerdutyBlocks(f: PagerDutyFinding): KnownBlock[] {
  const out: KnownBlock[] = [];
  const policy = f.policy ? ` (${mrkdwnText(f.policy.name, 100)})` : '';
  const onCall = f.onCall.length === 0 ? 'nobody' : f.onCall.slice(0, 10).map((o) => `L${o.level} ${mrkdwnText(o.name, 80)}`).join(', ');
  out.push(section(`*On call now*${policy}: ${onCall}`));
  if (f.log.length > 0) {
    out.push(section(`*PagerDuty log*\n${f.log.slice(0, 10).map((e) => `• ${slackDate(e.at)} ${mrkdwnText(e.summary, 200)}`).join('\n')}`));
  }
  return out;
}

function probesBlocks(f: ProbesFinding): KnownBlock[] {
  if (f.probes.length === 0) return [section('*Health probes*: none for this service')];
  const lines = f.probes.slice(0, 20).map((p) => {
    const mark = p.ok ? ':white_check_mark:' : ':x:';
    const what = p.status === null ? `failed: ${mrkdwnText(p.error ?? 'no answer', 120)}` : `${p.status}${p.ok ? '' : ` (expected ${p.expectStatus})`}`;
    const latency = p.latencyMs === null ? '' : ` in ${p.latencyMs} ms`;
    const cert = p.certExpiresAt ? `, certificate expires ${slackDate(p.certExpiresAt)}` : '';
    return `${mark} ${mrkdwnText(p.name, 80)} — ${what}${latency}${cert}`;
  });
  return [section(`*Health probes*\n${lines.join('\n')}`)];
}

function changesBlocks(f: ChangesFinding): KnownBlock[] {
  const window = formatDuration(f.windowMs);
  if (f.deploys.length === 0) return [section(`*Deploys in the last ${window}*: none`)];
  const lines = f.deploys.slice(0, 10).map((d) => {
    const what = [d.repository ?? d.service, d.version].filter((x): x is string => !!x).join(' ');
    const env = d.environment ? ` to ${mrkdwnText(d.environment, 40)}` : '';
    const desc = d.description ? ` — ${mrkdwnText(d.description, 120)}` : '';
    return `• ${slackDate(d.at)} ${link(d.url, what || 'deploy', 120)}${env}${desc}`;
  });
  return [section(`*Deploys in the last ${window}*\n${lines.join('\n')}`)];
}

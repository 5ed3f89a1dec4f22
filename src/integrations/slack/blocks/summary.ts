// Slack: Block Kit for the pinned live summary, edited in place on every change (pure)
import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import type { IncidentView } from '../../../domain/incident.js';
import { ACTION_IDS } from '../ids.js';
import { SLACK_LIMITS, mrkdwnText, plainText, truncate } from '../escape.js';
import {
  channelLink, incidentDuration, incidentRef, incidentRefPlain, isOpen, link, severityLabel, slackDate, statusLabel, userMention,
} from './format.js';

/** `propose-block`: one "Propose block <ip>" per IP the alerts carry (when block_ip is in the catalog). */
export type SummaryButton = 'acknowledge' | 'resolve' | 'escalate' | 'diagnostics' | 'propose-block';

/** The summary's data: the incident, with its escalation and failed pages when the workflow has them. */
export type SummaryView = IncidentView;

export interface SummaryOptions {
  /** The buttons this deployment offers; each still shows only while it makes sense. */
  buttons: SummaryButton[];
}

const MAX_ALERT_LINES = 5;

/**
 * The live summary: header, the facts as fields, alerts, the last status update, and the buttons.
 * No block_ids: Slack generates fresh ones on each `chat.update`, as it asks.
 */
export function summaryBlocks(view: SummaryView, now: Date, opts: SummaryOptions): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(`🔥 ${incidentRefPlain(view)}`, SLACK_LIMITS.headerText) },
    factsBlock(view, now),
  ];
  const paging = escalationBlock(view);
  if (paging !== null) blocks.push(paging);
  blocks.push(alertsBlock(view));
  const update = lastUpdateBlock(view);
  if (update !== null) blocks.push(update);
  blocks.push(...followupBlocks(view));
  const actions = actionsBlock(view, opts.buttons);
  const proposals = proposeBlock(view, opts.buttons);
  if (actions !== null) blocks.push(actions);
  if (proposals !== null) blocks.push(proposals);
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Declared by ${userMention(view.declaredBy, '_unknown_')} · ${slackDate(view.declaredAt)}` }],
  });
  return blocks;
}

/** Fallback text for notifications and screen readers. No mentions: an edit must not ping anyone. */
export function summaryText(view: IncidentView): string {
  const text = `🔥 ${incidentRef(view, 300)} — ${severityLabel(view.severity)} · ${statusLabel(view.status)}`;
  return truncate(text, SLACK_LIMITS.messageText);
}

function field(label: string, value: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: truncate(`*${label}*\n${value}`, SLACK_LIMITS.sectionField) };
}

function factsBlock(view: IncidentView, now: Date): SectionBlock {
  const channel = channelLink(view.channel);
  const fields = [
    field('Severity', severityLabel(view.severity)),
    field('Status', statusLabel(view.status)),
    field('Service', view.service === null ? '_none_' : mrkdwnText(view.service, 200)),
    field('Duration', incidentDuration(view, now) + (view.resolvedAt === null ? '' : ' (resolved)')),
    field('Commander', userMention(view.roles.commander)),
    field('Scribe', userMention(view.roles.scribe)),
    field('Comms', userMention(view.roles.comms)),
  ];
  if (channel !== null) fields.push(field('Channel', channel));
  if (view.onCall) {
    const people = view.onCall.people.slice(0, 3).map((p) => `L${p.level} ${mrkdwnText(p.name, 60)}`).join(', ');
    fields.push(field('On call now', `${people || '_nobody_'}${view.onCall.policy ? ` (${mrkdwnText(view.onCall.policy, 80)})` : ''}`));
  }
  return { type: 'section', fields };
}

function alertsBlock(view: IncidentView): SectionBlock {
  const { firing, resolved, latest } = view.alerts;
  if (firing + resolved === 0) return { type: 'section', text: { type: 'mrkdwn', text: '*Alerts*\n_None: declared by hand_' } };
  const lines = latest.slice(0, MAX_ALERT_LINES).map((a) => {
    const mark = a.status === 'firing' ? '🔴' : '✅';
    return `${mark} \`${mrkdwnText(a.source, 30)}\` ${link(a.url, a.title, 300)}`;
  });
  const more = firing + resolved - Math.min(latest.length, MAX_ALERT_LINES);
  if (more > 0) lines.push(`_…and ${more} more_`);
  const text = [`*Alerts* · ${firing} firing · ${resolved} resolved`, ...lines].join('\n');
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) } };
}

function lastUpdateBlock(view: IncidentView): SectionBlock | null {
  const update = view.lastUpdate;
  if (update === null) return null;
  const who = update.by === null ? 'Firebreak' : userMention(update.by, 'Firebreak');
  const head = `*Last update* · ${who} · ${slackDate(update.at)}\n`;
  const text = head + mrkdwnText(update.text, SLACK_LIMITS.sectionText - head.length);
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

const MAX_FOLLOWUP_LINES = 5;

/** Open follow-ups, each with a Done button; the done ones counted. Nothing when there are none. */
function followupBlocks(view: SummaryView): KnownBlock[] {
  const all = view.followups ?? [];
  if (all.length === 0) return [];
  const open = all.filter((f) => !f.done);
  const head: SectionBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: `*Follow-ups* · ${open.length} open · ${all.length - open.length} done` },
  };
  const lines = open.slice(0, MAX_FOLLOWUP_LINES).map((f): SectionBlock => {
    const owner = f.owner === null ? '' : ` · ${userMention(f.owner)}`;
    const due = f.due === null ? '' : ` · due ${f.due}`;
    return {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`#${f.id} ${mrkdwnText(f.text, 500)}${owner}${due}`, SLACK_LIMITS.sectionText) },
      accessory: { type: 'button', text: plainText('Done', SLACK_LIMITS.buttonText), action_id: ACTION_IDS.followupDone, value: String(f.id) },
    };
  });
  const more = open.length - lines.length;
  const tail: KnownBlock[] = more > 0 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${more} more open` }] }] : [];
  return [head, ...lines, ...tail];
}

/** Escalating: nobody has acknowledged, a policy is running and has levels left to page. */
export function isEscalating(view: SummaryView): boolean {
  return view.status === 'triggered' && !!view.escalation && !view.escalation.exhausted;
}

const MAX_FAILURE_LINES = 5;

/**
 * While nobody has acknowledged: the level paged and when the next comes, or that every level ran
 * out. Failed pages show in any state until a retry gets through: a page is never silently lost.
 */
function escalationBlock(view: SummaryView): SectionBlock | null {
  const lines: string[] = [];
  const e = view.escalation;
  if (e && view.status === 'triggered') {
    const policy = `\`${mrkdwnText(e.policy, 80)}\``;
    if (e.exhausted) {
      lines.push(`:rotating_light: *Escalation exhausted*: every level of ${policy} was paged and nobody acknowledged.`);
    } else {
      const repeat = e.round > 0 ? ` (repeat ${e.round} of ${e.repeat})` : '';
      const last = e.level >= e.levels && e.round >= e.repeat;
      // An absolute time (shown in each reader's zone): the summary is edited on changes, not every minute.
      const when = e.nextAt === null || Number.isNaN(Date.parse(e.nextAt)) ? null : slackDate(e.nextAt);
      const next = when === null ? '' : last ? ` · exhausted at ${when} without an acknowledgement` : ` · next level at ${when}`;
      lines.push(`*Escalation*: level ${e.level} of ${e.levels} of ${policy}${repeat}${next}`);
    }
  }
  for (const f of (view.pageFailures ?? []).slice(-MAX_FAILURE_LINES)) {
    const where = f.level === null ? 'by hand' : `level ${f.level}`;
    const targets = f.targets.map((t) => mrkdwnText(t, 80)).join(', ');
    lines.push(`:warning: *Page ${where} failed* for ${targets}: ${mrkdwnText(f.error, 300)} (${f.final ? 'gave up' : 'retrying'})`);
  }
  if (lines.length === 0) return null;
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SLACK_LIMITS.sectionText) } };
}

const BUTTONS: Record<SummaryButton, { label: string; actionId: string; style?: 'primary' | 'danger'; shows: (v: SummaryView) => boolean }> = {
  acknowledge: { label: 'Acknowledge', actionId: ACTION_IDS.acknowledge, style: 'primary', shows: (v) => v.status === 'triggered' },
  resolve: { label: 'Resolve', actionId: ACTION_IDS.resolve, shows: (v) => isOpen(v.status) },
  escalate: { label: 'Escalate', actionId: ACTION_IDS.escalate, shows: isEscalating },
  diagnostics: { label: 'Diagnostics', actionId: ACTION_IDS.diagnostics, shows: (v) => isOpen(v.status) },
  // Rendered in a block of its own, one button per IP (proposeBlock below), never in this row.
  'propose-block': { label: 'Propose block', actionId: ACTION_IDS.proposeBlock, shows: () => false },
};

const BUTTON_ORDER: SummaryButton[] = ['acknowledge', 'resolve', 'escalate', 'diagnostics'];

/** "Propose block <ip>" for each IP the incident's alerts carry, while it is open. Value: `<incident id> <ip>`. */
function proposeBlock(view: SummaryView, wanted: SummaryButton[]): ActionsBlock | null {
  const ips = view.ipsSeen ?? [];
  if (!wanted.includes('propose-block') || !isOpen(view.status) || ips.length === 0) return null;
  return {
    type: 'actions',
    elements: ips.slice(0, 3).map((ip) => ({ type: 'button', text: plainText(`Propose block ${ip}`, SLACK_LIMITS.buttonText), action_id: ACTION_IDS.proposeBlock, value: `${view.id} ${ip}` })),
  };
}

function actionsBlock(view: SummaryView, wanted: SummaryButton[]): ActionsBlock | null {
  const elements: Button[] = BUTTON_ORDER.filter((b) => wanted.includes(b) && BUTTONS[b].shows(view)).map((b) => {
    const spec = BUTTONS[b];
    const button: Button = { type: 'button', text: plainText(spec.label, SLACK_LIMITS.buttonText), action_id: spec.actionId, value: view.id };
    if (spec.style !== undefined) button.style = spec.style;
    return button;
  });
  return elements.length === 0 ? null : { type: 'actions', elements };
}

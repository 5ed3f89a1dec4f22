// Slack: the declare, resolve and status-update modals, and what their submissions and metadata say (pure)
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../../../domain/alert.js';
import { statusRank, UPDATE_STATUSES, type IncidentView, type UpdateStatus } from '../../../domain/incident.js';
import { CALLBACK_IDS, DECLARE_FIELDS, RESOLVE_FIELDS, UPDATE_FIELDS } from '../ids.js';
import { SLACK_LIMITS, plainText, truncate } from '../escape.js';
import { incidentRef, severityLabel, SLACK_USER_ID, statusLabel } from './format.js';

export const TITLE_MAX = 150;
export const SERVICE_MAX = 100;
export const SUMMARY_MAX = SLACK_LIMITS.plainTextInput;

/** `view.state.values` as Slack sends it (structurally what Bolt's ViewOutput carries). */
export type ViewStateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null; selected_user?: string | null }>
>;

/** For `response_action: 'errors'`: a message per input block_id. */
export type Submission<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

const declareMetadata = z.object({ channel: z.string().min(1), responseUrl: z.string().min(1).optional() });
export type DeclareMetadata = z.infer<typeof declareMetadata>;
const resolveMetadata = z.object({ incidentId: z.string().min(1) });
export type ResolveMetadata = z.infer<typeof resolveMetadata>;

export interface DeclareModalInput extends DeclareMetadata {
  title?: string;
  severity?: Severity | null;
  /** What each severity means in this deployment (config), shown under each option. */
  severityMeanings?: Partial<Record<Severity, string>>;
}

function input(blockId: string, label: string, element: InputBlock['element'], optional = false): InputBlock {
  return { type: 'input', block_id: blockId, label: plainText(label, SLACK_LIMITS.inputLabel), element, optional };
}

function severityOption(severity: Severity, meanings: DeclareModalInput['severityMeanings']): PlainTextOption {
  const option: PlainTextOption = { text: plainText(severityLabel(severity), SLACK_LIMITS.optionText), value: severity };
  const meaning = meanings?.[severity];
  if (meaning !== undefined && meaning.trim() !== '') option.description = plainText(meaning, SLACK_LIMITS.optionText);
  return option;
}

/** Opened by `/incident declare` without a title; the command's channel rides in private_metadata. */
export function declareModal(req: DeclareModalInput): ModalView {
  const f = DECLARE_FIELDS;
  const options = SEVERITIES.map((s) => severityOption(s, req.severityMeanings));
  const initial = options[SEVERITIES.indexOf(req.severity ?? 'sev2')]!;
  const titleInput = { type: 'plain_text_input', action_id: f.title.actionId, max_length: TITLE_MAX, placeholder: plainText('What is broken, in a few words', SLACK_LIMITS.placeholder) } as const;
  const blocks: KnownBlock[] = [
    input(f.title.blockId, 'Title', req.title ? { ...titleInput, initial_value: truncate(req.title, TITLE_MAX) } : titleInput),
    input(f.severity.blockId, 'Severity', { type: 'static_select', action_id: f.severity.actionId, options, initial_option: initial }),
    input(f.service.blockId, 'Service', { type: 'plain_text_input', action_id: f.service.actionId, max_length: SERVICE_MAX }, true),
    input(f.commander.blockId, 'Commander', { type: 'users_select', action_id: f.commander.actionId }, true),
    input(f.summary.blockId, 'Summary', { type: 'plain_text_input', action_id: f.summary.actionId, multiline: true, max_length: SUMMARY_MAX }, true),
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.declareModal,
    title: plainText('Declare incident', SLACK_LIMITS.modalTitle),
    submit: plainText('Declare', SLACK_LIMITS.modalTitle),
    close: plainText('Cancel', SLACK_LIMITS.modalTitle),
    private_metadata: metadataJson({ channel: req.channel, responseUrl: req.responseUrl }),
    blocks,
  };
}

/** A response_url never fits badly, but if metadata would pass Slack's 3000, the optional part goes. */
function metadataJson(meta: DeclareMetadata): string {
  const full = JSON.stringify(meta);
  return full.length <= SLACK_LIMITS.privateMetadata ? full : JSON.stringify({ channel: meta.channel });
}

/** Opened by `/incident resolve` without a summary, or by the Resolve button. */
export function resolveModal(view: Pick<IncidentView, 'id' | 'number' | 'title'>): ModalView {
  const f = RESOLVE_FIELDS;
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.resolveModal,
    title: plainText('Resolve incident', SLACK_LIMITS.modalTitle),
    submit: plainText('Resolve', SLACK_LIMITS.modalTitle),
    close: plainText('Cancel', SLACK_LIMITS.modalTitle),
    private_metadata: JSON.stringify({ incidentId: view.id } satisfies ResolveMetadata),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Resolving *${incidentRef(view, 200)}*` } },
      input(f.summary.blockId, 'What happened and what fixed it', { type: 'plain_text_input', action_id: f.summary.actionId, multiline: true, max_length: SUMMARY_MAX }),
    ],
  };
}

export interface DeclareSubmission {
  title: string;
  severity: Severity;
  service: string | null;
  commander: string | null;
  summary: string | null;
}

function text(values: ViewStateValues, field: { blockId: string; actionId: string }): string {
  return (values[field.blockId]?.[field.actionId]?.value ?? '').trim();
}

/** Validates a declare submission; errors are keyed by block_id, ready for `response_action: 'errors'`. */
export function parseDeclareSubmission(values: ViewStateValues): Submission<DeclareSubmission> {
  const f = DECLARE_FIELDS;
  const errors: Record<string, string> = {};
  const title = text(values, f.title);
  if (title === '') errors[f.title.blockId] = 'Give the incident a title.';
  else if (title.length > TITLE_MAX) errors[f.title.blockId] = `Keep the title to ${TITLE_MAX} characters (it has ${title.length}).`;
  const picked = values[f.severity.blockId]?.[f.severity.actionId]?.selected_option?.value;
  const severity = SEVERITIES.find((s) => s === picked);
  if (severity === undefined) errors[f.severity.blockId] = 'Pick a severity from SEV1 to SEV4.';
  const service = text(values, f.service);
  if (service.length > SERVICE_MAX) errors[f.service.blockId] = `Keep the service to ${SERVICE_MAX} characters.`;
  const commander = values[f.commander.blockId]?.[f.commander.actionId]?.selected_user ?? null;
  if (commander !== null && !SLACK_USER_ID.test(commander)) errors[f.commander.blockId] = 'Pick a person from the list.';
  const summary = text(values, f.summary);
  if (summary.length > SUMMARY_MAX) errors[f.summary.blockId] = `Keep the summary to ${SUMMARY_MAX} characters.`;
  if (Object.keys(errors).length > 0 || severity === undefined) return { ok: false, errors };
  return { ok: true, value: { title, severity, service: service || null, commander, summary: summary || null } };
}

/**
 * Opened by "Post update" on a status-update nudge: a status to move to (only forward ones are
 * offered; none keeps the status) and the update itself. Sends `incident.status` or `incident.note`.
 */
export function updateModal(view: Pick<IncidentView, 'id' | 'number' | 'title' | 'status'>): ModalView {
  const f = UPDATE_FIELDS;
  const forward = UPDATE_STATUSES.filter((s) => statusRank(s) > statusRank(view.status));
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `Update on *${incidentRef(view, 200)}* · now ${statusLabel(view.status)}` } }];
  if (forward.length > 0) {
    const options = forward.map((s): PlainTextOption => ({ text: plainText(statusLabel(s), SLACK_LIMITS.optionText), value: s }));
    blocks.push(input(f.status.blockId, 'New status (leave empty to keep it)', { type: 'static_select', action_id: f.status.actionId, options }, true));
  }
  blocks.push(input(f.message.blockId, 'Where things stand', { type: 'plain_text_input', action_id: f.message.actionId, multiline: true, max_length: SUMMARY_MAX }));
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.updateModal,
    title: plainText('Post update', SLACK_LIMITS.modalTitle),
    submit: plainText('Post', SLACK_LIMITS.modalTitle),
    close: plainText('Cancel', SLACK_LIMITS.modalTitle),
    private_metadata: JSON.stringify({ incidentId: view.id } satisfies ResolveMetadata),
    blocks,
  };
}

export function parseUpdateSubmission(values: ViewStateValues): Submission<{ status: UpdateStatus | null; message: string }> {
  const f = UPDATE_FIELDS;
  const picked = values[f.status.blockId]?.[f.status.actionId]?.selected_option?.value ?? null;
  const status = picked === null ? null : (UPDATE_STATUSES.find((s) => s === picked) ?? 'invalid');
  const message = text(values, f.message);
  const errors: Record<string, string> = {};
  if (status === 'invalid') errors[f.status.blockId] = 'Pick a status from the list.';
  if (message === '') errors[f.message.blockId] = 'Say in a line or two where things stand.';
  else if (message.length > SUMMARY_MAX) errors[f.message.blockId] = `Keep the update to ${SUMMARY_MAX} characters.`;
  if (Object.keys(errors).length > 0 || status === 'invalid') return { ok: false, errors };
  return { ok: true, value: { status, message } };
}

/** The update modal carries the incident id as the resolve modal does. */
export function parseUpdateMetadata(raw: string): ResolveMetadata | null {
  return parseJson(raw, resolveMetadata);
}

export function parseResolveSubmission(values: ViewStateValues): Submission<{ summary: string }> {
  const field = RESOLVE_FIELDS.summary;
  const summary = text(values, field);
  if (summary === '') return { ok: false, errors: { [field.blockId]: 'Say in a line or two what happened and what fixed it.' } };
  if (summary.length > SUMMARY_MAX) return { ok: false, errors: { [field.blockId]: `Keep the summary to ${SUMMARY_MAX} characters.` } };
  return { ok: true, value: { summary } };
}

/** The modal's private_metadata as we wrote it, or null when it is not ours. */
export function parseDeclareMetadata(raw: string): DeclareMetadata | null {
  return parseJson(raw, declareMetadata);
}

export function parseResolveMetadata(raw: string): ResolveMetadata | null {
  return parseJson(raw, resolveMetadata);
}

function parseJson<T>(raw: string, schema: z.ZodType<T>): T | null {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  const result = schema.safeParse(data);
  return result.success ? result.data : null;
}

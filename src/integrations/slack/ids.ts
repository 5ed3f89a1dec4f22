// Slack: every id our Slack surface uses — slash command, action_ids, callback_ids, modal fields.
// One place, so the manifest, the Block Kit builders and the handlers cannot drift apart.

export const SLASH_COMMAND = '/incident';

/** action_ids of buttons on our messages; each needs a handler in edges/slack/actions/. */
export const ACTION_IDS = {
  acknowledge: 'incident.acknowledge',
  resolve: 'incident.resolve',
  /** On the summary while nobody has acknowledged: the next escalation level now. */
  escalate: 'incident.escalate',
  /** On the summary: gather Diagnostics into the incident channel. */
  diagnostics: 'incident.diagnostics',
  /** On a status-update nudge: opens the update modal. */
  postUpdate: 'incident.post_update',
  /** On a status-update nudge: silences it for the configured snooze. */
  snoozeReminder: 'incident.snooze_reminder',
  /** On a post-mortem reminder: stop reminding, it is written. */
  postmortemDone: 'incident.postmortem_done',
  /** On a post-mortem reminder: stop reminding, there will be none. */
  postmortemDismiss: 'incident.postmortem_dismiss',
  /** On an approval card: value `<request id>:<params hash>` (the approval binds to those parameters). */
  approve: 'incident.approve',
  /** On an approval card: opens the deny form (a reason is required). Value: the request id. */
  deny: 'incident.deny_request',
  /** On an approval card, for the requester. Value: the request id. */
  cancelRequest: 'incident.cancel_request',
  /** On a card whose outcome is unknown: run again / mark done / mark failed. Value: the request id. */
  settleRetry: 'incident.settle_retry',
  settleDone: 'incident.settle_done',
  settleFailed: 'incident.settle_failed',
  /** On an alert that carries an IP: request block_ip for it. Value: `<incident id>:<ip>`. */
  proposeBlock: 'incident.propose_block',
  /** Beside an open follow-up on the summary: mark it done (value: the follow-up id). */
  followupDone: 'incident.followup_done',
} as const;
export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** Exported now so later issues and the manifest check agree on them; no handler exists yet. */
export const RESERVED_ACTION_IDS: readonly ActionId[] = [];

/** callback_ids of shortcuts (manifest.json features.shortcuts); each needs a handler in edges/slack/shortcuts/. */
export const SHORTCUT_IDS = {
  /** Message shortcut: copy a message onto its incident's timeline. */
  addToTimeline: 'incident.add_to_timeline',
} as const;

export const CALLBACK_IDS = {
  declareModal: 'incident.declare_modal',
  resolveModal: 'incident.resolve_modal',
  updateModal: 'incident.update_modal',
  /** Deny a remediation request: private_metadata is the request id. */
  denyModal: 'incident.deny_modal',
} as const;
export type CallbackId = (typeof CALLBACK_IDS)[keyof typeof CALLBACK_IDS];

export const ALL_ACTION_IDS: readonly ActionId[] = Object.values(ACTION_IDS);
export const ALL_CALLBACK_IDS: readonly CallbackId[] = Object.values(CALLBACK_IDS);

/**
 * Input fields of the modals: `view.state.values[blockId][actionId]`. The errors of a
 * `response_action: 'errors'` answer are keyed by these block_ids. Inputs inside a modal send no
 * block_actions (no dispatch_action), so these action_ids need no handler.
 */
export const DECLARE_FIELDS = {
  title: { blockId: 'declare.title', actionId: 'title' },
  severity: { blockId: 'declare.severity', actionId: 'severity' },
  service: { blockId: 'declare.service', actionId: 'service' },
  commander: { blockId: 'declare.commander', actionId: 'commander' },
  summary: { blockId: 'declare.summary', actionId: 'summary' },
} as const;

export const RESOLVE_FIELDS = {
  summary: { blockId: 'resolve.summary', actionId: 'summary' },
} as const;

export const DENY_FIELDS = {
  reason: { blockId: 'deny.reason', actionId: 'reason' },
} as const;

export const UPDATE_FIELDS = {
  status: { blockId: 'update.status', actionId: 'status' },
  message: { blockId: 'update.message', actionId: 'message' },
} as const;

// Workflows: escalation — while nobody has acknowledged, page the policy's levels on the clock
// (repeat, then exhausted); by hand, escalate or page more people. Leaving `triggered` (an
// acknowledgement, a status update, resolve) cancels the level's timer in the same commit.
import type { EscalationState } from './context.js';
import { ev, viaOf, type Args } from './events.js';
import { canRepeat, hasNextLevel, hasPolicy } from './rules.js';
import { fx, incidentSetup, refresh } from './setup.js';
import { record } from './timeline.js';

export const escalationGuards = {
  hasPolicy: ({ context }: Args) => hasPolicy(context),
  hasNextLevel: ({ context }: Args) => hasNextLevel(context),
  canRepeat: ({ context }: Args) => canRepeat(context),
  isSev1: ({ context }: Args) => context.severity === 'sev1',
};

export const escalationDelays = {
  levelTimeout: ({ context }: Args) => context.escalation.policy?.levels[context.escalation.level]?.timeoutMs ?? 0,
};

const s = incidentSetup.extend({ guards: escalationGuards, delays: escalationDelays });

type EscalationUpdate = (args: Args) => EscalationState;
const nextLevel: EscalationUpdate = ({ context }) => ({ ...context.escalation, level: context.escalation.level + 1 });
const nextRound: EscalationUpdate = ({ context }) => ({ ...context.escalation, level: 0, round: context.escalation.round + 1 });
/** A reopen starts the policy again from its first level. */
export const firstLevel: EscalationUpdate = ({ context }) => ({ ...context.escalation, level: 0, round: 0, exhausted: false });

/** Pages the current level's targets (an effect: the handler reaches Slack, PagerDuty, webhooks). */
const pageLevel = (reason: string) =>
  fx('page.targets', ({ context }) => ({
    incidentId: context.id,
    level: context.escalation.level,
    round: context.escalation.round,
    targets: context.escalation.policy?.levels[context.escalation.level]?.targets ?? [],
    reason,
  }));

/**
 * Tell PagerDuty what responders did here. The handler skips incidents PagerDuty was never paged
 * for, and events that came from PagerDuty itself (its webhook), so nothing loops.
 */
export const pagerSync = (action: 'acknowledge' | 'resolve') =>
  fx('pagerduty.sync', ({ context, event }) => ({ incidentId: context.id, action, via: viaOf(event) }));

const announceExhausted = fx('slack.announce', ({ context }) => ({ incidentId: context.id, what: 'exhausted', from: context.severity }));

/** The `triggered` status: escalation runs here, and only here. */
export const triggeredState = s.createStateConfig({
  initial: 'starting',
  states: {
    starting: { always: [{ guard: 'hasPolicy', target: 'paging' }, { target: 'unescalated' }] },
    unescalated: {},
    paging: {
      entry: [
        s.assign({ escalation: ({ context, event }) => ({ ...context.escalation, since: event.at ?? null }) }),
        pageLevel('escalation'),
        record('escalation.paged', ({ context }) => ({
          reason: 'escalation', level: context.escalation.level + 1, round: context.escalation.round, policy: context.escalation.policy?.name ?? null, targets: [],
        })),
        // The summary shows the level and when the next one comes.
        ...refresh,
      ],
      after: {
        levelTimeout: [
          { guard: 'hasNextLevel', target: 'paging', reenter: true, actions: s.assign({ escalation: nextLevel }) },
          { guard: 'canRepeat', target: 'paging', reenter: true, actions: s.assign({ escalation: nextRound }) },
          { target: 'exhausted' },
        ],
      },
      on: {
        'incident.escalate': [
          {
            guard: 'hasNextLevel', target: 'paging', reenter: true,
            actions: [record('escalation.escalated', ({ event }) => ({ reason: ev(event, 'incident.escalate').reason ?? null, restarted: false })), s.assign({ escalation: nextLevel })],
          },
          {
            guard: 'canRepeat', target: 'paging', reenter: true,
            actions: [record('escalation.escalated', () => ({ reason: null, restarted: true })), s.assign({ escalation: nextRound })],
          },
          { target: 'exhausted' },
        ],
        // Raising to sev1 re-pages the current level (only while escalating).
        'escalation.severityRaised': {
          guard: 'isSev1',
          actions: [
            pageLevel('severity raised to sev1'),
            record('escalation.paged', ({ context }) => ({
              reason: 'severity-raised', level: context.escalation.level + 1, round: context.escalation.round, policy: context.escalation.policy?.name ?? null, targets: [],
            })),
          ],
        },
      },
    },
    exhausted: {
      entry: [
        s.assign({ escalation: ({ context }) => ({ ...context.escalation, exhausted: true }) }),
        record('escalation.exhausted', ({ context }) => ({ policy: context.escalation.policy?.name ?? null })),
        fx('slack.notice', ({ context }) => ({ incidentId: context.id, notice: { kind: 'escalation-exhausted' } })),
        announceExhausted,
        ...refresh,
      ],
    },
  },
});

/** `/incident page`: more people now, without changing the escalation level. */
export const pageByHand = s.createStateConfig({
  on: {
    'incident.page': {
      actions: [
        fx('page.targets', ({ context, event }) => ({
          incidentId: context.id, level: null, round: context.escalation.round, targets: ev(event, 'incident.page').targets, reason: 'paged by hand',
        })),
        record('escalation.paged', ({ event }) => ({ reason: 'by-hand', level: null, round: 0, policy: null, targets: ev(event, 'incident.page').targets })),
        s.assign({ pagedByHand: ({ context, event }) => [...new Set([...(context.pagedByHand ?? []), ...ev(event, 'incident.page').targets])] }),
      ],
    },
  },
}).on;

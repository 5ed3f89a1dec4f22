import { describe, expect, it } from 'vitest';
import { looksLikeRoutingKey, parseTarget, parseTargets, targetName } from '../../../src/domain/targets.js';

describe('page targets', () => {
  it.each([
    ['U012ABCDEF', { kind: 'slack-user', id: 'U012ABCDEF' }],
    ['W0ENTERPRISE', { kind: 'slack-user', id: 'W0ENTERPRISE' }],
    ['S056SRELEADS', { kind: 'slack-group', id: 'S056SRELEADS' }],
    ['Oncall@Example.com', { kind: 'slack-email', email: 'oncall@example.com' }],
    ['pagerduty', { kind: 'pagerduty', service: null }],
    ['pagerduty:payments', { kind: 'pagerduty', service: 'payments' }],
    ['webhook:ops-bridge', { kind: 'webhook', name: 'ops-bridge' }],
  ])('reads %s', (text, target) => {
    expect(parseTarget(text)).toEqual({ ok: true, target });
  });

  it.each(['primary', '@oncall', 'u012abcdef', 'pagerduty:', 'pagerduty:-x', 'webhook:', 'slack:U012', 'a@b'])('refuses %s with the syntax it expects', (text) => {
    const parsed = parseTarget(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('pagerduty:<service> or webhook:<name>');
  });

  it('splits a level into what it can page and what it cannot', () => {
    expect(parseTargets(['U0A1', 'nobody', 'pagerduty'])).toEqual({
      targets: [{ kind: 'slack-user', id: 'U0A1' }, { kind: 'pagerduty', service: null }],
      unknown: ['nobody'],
    });
  });

  it('names a service by its name, and an inline routing key (an old snapshot) by its first characters only', () => {
    expect(targetName({ kind: 'pagerduty', service: 'payments' })).toBe('pagerduty:payments');
    expect(targetName({ kind: 'pagerduty', service: 'R0UTINGKEY0123456789abcdef012345' })).toBe('pagerduty:R0UT…');
    expect(looksLikeRoutingKey('R0UTINGKEY0123456789abcdef012345')).toBe(true);
    expect(looksLikeRoutingKey('paymentsbackendprimaryservicexyz')).toBe(false);
    expect(targetName({ kind: 'webhook', name: 'ops' })).toBe('webhook:ops');
  });
});

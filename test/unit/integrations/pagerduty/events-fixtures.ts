// Test support (PagerDuty Events API v2): the page both adapter tests send, and the bodies it must become.
import { readFileSync } from 'node:fs';
import type { PageRequest } from '../../../../src/effects/ports.js';

export const KEY = 'c0ffee00c0ffee00c0ffee00c0ffee01';
export const CHANNEL = 'https://acme.slack.com/archives/C07INC0042';

export type Json = Record<string, unknown>;
/** An expected request or answer body from test/fixtures/pagerduty/events/. */
export const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/pagerduty/events/${name}.json`, import.meta.url), 'utf8')) as Json;

export const PAGE: PageRequest = {
  dedupKey: 'firebreak/inc-42',
  summary: '[sev1] #42 Checkout API error rate above 5%',
  source: 'checkout-api.prod',
  severity: 'sev1',
  component: 'checkout-api',
  group: 'payments',
  class: 'error-rate',
  customDetails: {
    summary: 'Checkout API 5xx rate at 7.2% for 10 minutes, since deploy 2024-05-02.1',
    slack_channel: CHANNEL,
    incident: '#42',
    severity: 'sev1',
  },
  links: [{ href: CHANNEL, text: 'Slack: #inc-42-checkout-errors' }],
  clientUrl: CHANNEL,
};

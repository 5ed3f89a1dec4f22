// Config: data governance in firebreak.yaml — `masking` (PII masked at ingest in what is stored and
// posted) and `retention` (how long each class of data is kept; a durable job purges the rest).
import { z } from 'zod';
import { DEFAULT_MASKING, type MaskingRules } from '../domain/masking.js';
import { durationAtLeast } from './duration.js';

const DAY = 86_400_000;

export const maskingSchema = z
  .strictObject({
    emails: z.boolean().default(true),
    phones: z.boolean().default(true),
    cards: z.boolean().default(true).describe('Card-like numbers (13–19 digits passing the Luhn check).'),
    url_tokens: z.boolean().default(true).describe('Credentials in URLs: token/key/secret/signature query values and user:password@.'),
    ips: z.boolean().default(true).describe('IP addresses in free text (the fields in keep are left as they are).'),
    keep: z.array(z.string().min(1)).default([...DEFAULT_MASKING.keep]).describe('Tag, attribute and payload field names kept unmasked: what detection rules count by and actions need (an alert\'s ip tag is what a block proposal blocks).'),
  })
  .describe('PII masked at ingest in alert titles, descriptions, tags, links and payloads, and in security event attributes.');

export const retentionSchema = z
  .strictObject({
    raw_payloads: durationAtLeast(DAY).prefault('30d').describe('Alert payloads as received (the alert itself stays): emptied after this long.'),
    incidents: durationAtLeast(DAY).prefault('1095d').describe('Closed/resolved incidents with their alerts, workflow, timeline and effects, after their last change.'),
    security_events: durationAtLeast(DAY).prefault('1095d').describe('Security events and their detection hits.'),
    audit: durationAtLeast(365 * DAY).prefault('2555d').describe('Audit records (at least a year). The retention job is the only path that removes them, and only those past this age.'),
    run_every: durationAtLeast(60_000).prefault('1h').describe('How often the retention job runs (a durable job: one replica at a time, resumed after a restart).'),
  })
  .describe('How long each class of data is kept.');

export interface RetentionConfig {
  rawPayloadsMs: number;
  incidentsMs: number;
  securityEventsMs: number;
  auditMs: number;
  runEveryMs: number;
}

export function toMasking(raw: z.output<typeof maskingSchema>): MaskingRules {
  return { emails: raw.emails, phones: raw.phones, cards: raw.cards, urlTokens: raw.url_tokens, ips: raw.ips, keep: raw.keep };
}

export function toRetention(raw: z.output<typeof retentionSchema>): RetentionConfig {
  return { rawPayloadsMs: raw.raw_payloads, incidentsMs: raw.incidents, securityEventsMs: raw.security_events, auditMs: raw.audit, runEveryMs: raw.run_every };
}

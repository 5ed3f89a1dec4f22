// Edge: Firebreak's own generic alert payload (documented in README.md), validated once at the edge.
// One alert, or `{ "alerts": [ … ] }` for a batch. Optional fields may be omitted or null.
import { z } from 'zod';
import type { AlertLink } from '../../domain/alert.js';

export const LINK_KINDS = ['monitor', 'issue', 'runbook', 'graph', 'source', 'dashboard', 'silence'] as const satisfies readonly AlertLink['kind'][];

const text = (max: number) => z.string().min(1).max(max);
const instant = z.iso.datetime({ offset: true });

export const genericAlertSchema = z
  .looseObject({
    key: text(512),
    status: z.enum(['firing', 'resolved']),
    title: text(1024).nullish(),
    description: z.string().max(65_536).nullish(),
    severity: text(64).nullish(),
    service: text(256).nullish(),
    environment: text(256).nullish(),
    tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullish(),
    links: z.array(z.looseObject({ kind: z.enum(LINK_KINDS), url: z.url({ protocol: /^https?$/ }) })).nullish(),
    started_at: instant.nullish(),
    ended_at: instant.nullish(),
    group_key: text(512).nullish(),
  })
  .refine((alert) => alert.status === 'resolved' || alert.title != null, {
    path: ['title'],
    message: 'a firing alert needs a title',
  });

export const genericBatchSchema = z.looseObject({
  alerts: z.array(genericAlertSchema),
});

export type GenericAlert = z.output<typeof genericAlertSchema>;

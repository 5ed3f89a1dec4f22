// Integrations: a zod error → the `malformed` ParseResult, naming the field as a dotted path (`alerts[3].labels`).
import type { z } from 'zod';
import type { ParseResult } from './webhook-source.js';

export type Malformed = Extract<ParseResult, { ok: false }>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['alerts', 3, 'labels', 'team']` → `alerts[3].labels.team`; odd keys are quoted: `labels["a.b"]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && IDENTIFIER.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out === '' ? 'body' : out;
}

/** The first issue decides the answer: one field the sender can fix, in schema order. */
export function malformed(error: z.ZodError): Malformed {
  const issue = error.issues[0];
  const field = fieldPath(issue?.path ?? []);
  return { ok: false, error: { kind: 'malformed', field, message: `${field}: ${issue?.message ?? 'invalid payload'}` } };
}

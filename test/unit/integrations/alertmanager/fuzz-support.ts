// Test support: fast-check arbitraries for fuzzing webhook sources (mutated fixtures, hostile headers).
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ParseResult, VerifyResult } from '../../../../src/integrations/webhook-source.js';

type Json = unknown;

/** Every path into a JSON value, the root included. */
function paths(value: Json, at: Array<string | number> = []): Array<Array<string | number>> {
  const here = [at];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => paths(v, [...at, i])));
  if (value !== null && typeof value === 'object') {
    return here.concat(...Object.entries(value).map(([k, v]) => paths(v, [...at, k])));
  }
  return here;
}

function apply(root: Json, path: Array<string | number>, op: 'replace' | 'delete', replacement: Json): Json {
  if (path.length === 0) return op === 'replace' ? replacement : undefined;
  const copy: Json = structuredClone(root);
  let parent = copy as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

/** A fixture with one to three random edits: a value replaced by arbitrary JSON, or removed. */
export function mutatedFixture(fixture: Json): fc.Arbitrary<Json> {
  const edit = fc.tuple(fc.nat(), fc.constantFrom<'replace' | 'delete'>('replace', 'delete'), fc.jsonValue({ maxDepth: 3 }));
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) =>
    edits.reduce<Json>((doc, [n, op, value]) => {
      const all = paths(doc);
      return apply(doc, all[n % all.length]!, op, value);
    }, fixture),
  );
}

/** Headers as node:http could hand them over, with the names our sources read made likely. */
export function hostileHeaders(names: readonly string[]): fc.Arbitrary<Record<string, string | string[] | undefined>> {
  const value = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.array(fc.string(), { maxLength: 3 }), fc.constant(undefined));
  return fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string()), value, { maxKeys: 6 });
}

export const anyBytes = fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a));
export const anyInstant = fc.date({ min: new Date(0), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

/** A parse answer is ok with well-formed alerts, or malformed with a field; never anything else. */
export function expectParseAnswer(result: ParseResult): void {
  if (result.ok) {
    for (const alert of result.value.alerts) {
      expect(alert.key).not.toBe('');
      expect(['firing', 'resolved']).toContain(alert.status);
      for (const v of Object.values(alert.tags)) expect(typeof v).toBe('string');
    }
  } else {
    expect(result.error.kind).toBe('malformed');
    expect(typeof result.error.field).toBe('string');
    expect(result.error.field).not.toBe('');
  }
}

export function expectVerifyAnswer(result: VerifyResult): void {
  if (!result.ok) expect(['bad-signature', 'stale', 'missing-auth']).toContain(result.error.kind);
}

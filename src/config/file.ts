// Config: firebreak.yaml → FileConfig, with YAML line numbers on every problem
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { defaultFileConfig, fileSchema, toFileConfig, type FileConfig } from './file-schema.js';
import { lineAt } from './yaml-locate.js';

export type ParseFileResult = { ok: true; value: FileConfig } | { ok: false; errors: string[] };
/** `text` is the file as read ('' for the defaults), for locating later findings in it. */
export type LoadFileResult = { ok: true; value: FileConfig; source: 'file' | 'defaults'; text: string } | { ok: false; errors: string[] };

const YAML_TYPES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
};

/** A YAML value as an operator would describe it. */
function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

/** Plain wording for zod's built-in issues; schemas with their own message (durations) keep it. */
export function wordIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'missing required key';
      return `expected ${YAML_TYPES[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return 'expected a non-empty string';
      return `expected at least ${String(issue.minimum)}, got ${describeValue(issue.input)}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}, got ${describeValue(issue.input)}`;
    case 'invalid_key': {
      // A record key that fails its pattern: say what the key must look like (the key's own message).
      const inner = (issue.issues as ReadonlyArray<{ message?: string }> | undefined)?.find((i) => typeof i.message === 'string')?.message;
      return inner ? `invalid name: ${inner}` : undefined;
    }
    default:
      return undefined;
  }
}

/** `escalation.policies.sre.levels[1].timeout`; keys that are not plain words are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(String(segment))) text += text === '' ? String(segment) : `.${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text === '' ? '(top level)' : text;
}

/** zod's problems as `path (line N): message` lines, top to bottom. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], doc: Document, lines: LineCounter): string[] {
  const located: { line: number; text: string }[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const line = lineAt(doc, lines, path);
        located.push({ line, text: `${formatPath(path)} (line ${line}): unknown key` });
      }
    } else {
      const line = lineAt(doc, lines, issue.path);
      located.push({ line, text: `${formatPath(issue.path)} (line ${line}): ${issue.message}` });
    }
  }
  // Top to bottom, as the operator reads the file; sort is stable for problems on one line.
  return located.sort((a, b) => a.line - b.line).map((p) => p.text);
}

/** A YAML document with its line counter, or its syntax errors as one line each (labelled `sourceName`). */
export function parseYaml(text: string, sourceName: string): { ok: true; doc: Document; lines: LineCounter } | { ok: false; errors: string[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length === 0) return { ok: true, doc, lines };
  return {
    ok: false,
    errors: doc.errors.map((error) => {
      const line = error.linePos?.[0].line;
      const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      return `${sourceName}${line === undefined ? '' : ` (line ${line})`}: YAML syntax error: ${message}`;
    }),
  };
}

/** Parses firebreak.yaml text; `sourceName` labels YAML syntax errors. Every problem at once. */
export function parseFileConfig(text: string, sourceName: string): ParseFileResult {
  const yaml = parseYaml(text, sourceName);
  if (!yaml.ok) return yaml;
  const { doc, lines } = yaml;
  // An empty file (or one that is only comments) means "all defaults".
  const data: unknown = doc.toJS() ?? {};
  const parsed = fileSchema.safeParse(data, { error: wordIssue });
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error.issues, doc, lines) };
  return { ok: true, value: toFileConfig(parsed.data) };
}

/**
 * Reads and parses the config file. A missing file is fine unless the operator named it
 * (`explicit`), in which case it is a typo worth stopping for. `via` names where the path came from.
 */
export function loadFileConfig(path: string, options: { explicit: boolean; via?: string }): LoadFileResult {
  const via = options.via ?? 'FIREBREAK_CONFIG';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return options.explicit
        ? { ok: false, errors: [`${via}: no file at ${path}`] }
        : { ok: true, value: defaultFileConfig(), source: 'defaults', text: '' };
    }
    return { ok: false, errors: [`${via}: cannot read ${path} (${code ?? String(error)})`] };
  }
  const parsed = parseFileConfig(text, path);
  return parsed.ok ? { ...parsed, source: 'file', text } : parsed;
}

// Test: the one list of Slack ids stays consistent
import { describe, expect, it } from 'vitest';
import {
  ACTION_IDS, ALL_ACTION_IDS, ALL_CALLBACK_IDS, CALLBACK_IDS, DECLARE_FIELDS, RESERVED_ACTION_IDS, RESOLVE_FIELDS, SLASH_COMMAND, UPDATE_FIELDS,
} from '../../../../src/integrations/slack/ids.js';

describe('Slack ids', () => {
  it('lists every action_id and callback_id once', () => {
    expect(ALL_ACTION_IDS).toEqual(Object.values(ACTION_IDS));
    expect(new Set(ALL_ACTION_IDS).size).toBe(ALL_ACTION_IDS.length);
    expect(ALL_CALLBACK_IDS).toEqual(['incident.declare_modal', 'incident.resolve_modal', 'incident.update_modal', 'incident.deny_modal']);
    expect(Object.values(CALLBACK_IDS)).toEqual(ALL_CALLBACK_IDS);
  });

  it('names the ids the buttons use, and reserves none now that Diagnostics has its handler', () => {
    expect(ACTION_IDS.acknowledge).toBe('incident.acknowledge');
    expect(ACTION_IDS.resolve).toBe('incident.resolve');
    expect(ACTION_IDS.diagnostics).toBe('incident.diagnostics');
    expect(RESERVED_ACTION_IDS).toEqual([]);
    for (const id of RESERVED_ACTION_IDS) expect(ALL_ACTION_IDS).toContain(id);
  });

  it('keeps every id within Slack limits (255 characters) and namespaced', () => {
    for (const id of [...ALL_ACTION_IDS, ...ALL_CALLBACK_IDS]) expect(id).toMatch(/^incident\.[a-z_]+$/);
    const fields = [...Object.values(DECLARE_FIELDS), ...Object.values(RESOLVE_FIELDS), ...Object.values(UPDATE_FIELDS)];
    expect(new Set(fields.map((f) => f.blockId)).size).toBe(fields.length);
    for (const f of fields) expect(f.blockId.length + f.actionId.length).toBeLessThan(255);
  });

  it('has one slash command', () => {
    expect(SLASH_COMMAND).toBe('/incident');
  });
});

// Test: the declare and resolve modals and their submissions
import { describe, expect, it } from 'vitest';
import { CALLBACK_IDS, DECLARE_FIELDS, RESOLVE_FIELDS } from '../../../../../src/integrations/slack/ids.js';
import {
  declareModal, parseDeclareMetadata, parseDeclareSubmission, parseResolveMetadata, parseResolveSubmission, resolveModal,
  type ViewStateValues,
} from '../../../../../src/integrations/slack/blocks/modals.js';
import { incidentView } from './views.js';

const f = DECLARE_FIELDS;

function declareValues(over: { title?: string; severity?: string | null; service?: string; commander?: string | null; summary?: string } = {}): ViewStateValues {
  const severity = over.severity === undefined ? 'sev2' : over.severity;
  return {
    [f.title.blockId]: { [f.title.actionId]: { value: over.title ?? 'Checkout is down' } },
    [f.severity.blockId]: { [f.severity.actionId]: { selected_option: severity === null ? null : { value: severity } } },
    [f.service.blockId]: { [f.service.actionId]: { value: over.service ?? null } },
    [f.commander.blockId]: { [f.commander.actionId]: { selected_user: over.commander ?? null } },
    [f.summary.blockId]: { [f.summary.actionId]: { value: over.summary ?? null } },
  };
}

describe('declareModal', () => {
  it('asks for title, severity (sev2 by default), service, commander and summary', () => {
    expect(declareModal({ channel: 'C0GENERAL', responseUrl: 'https://hooks.slack.com/commands/T1/2/abc' })).toMatchSnapshot();
  });

  it('carries the channel and response_url in private_metadata', () => {
    const modal = declareModal({ channel: 'C0GENERAL', responseUrl: 'https://hooks.slack.com/x' });
    expect(modal.callback_id).toBe(CALLBACK_IDS.declareModal);
    expect(parseDeclareMetadata(modal.private_metadata!)).toEqual({ channel: 'C0GENERAL', responseUrl: 'https://hooks.slack.com/x' });
    expect(parseDeclareMetadata(declareModal({ channel: 'C1' }).private_metadata!)).toEqual({ channel: 'C1' });
  });

  it('drops the response_url rather than pass the 3000-character metadata limit', () => {
    const modal = declareModal({ channel: 'C1', responseUrl: `https://x.example/${'a'.repeat(4000)}` });
    expect(modal.private_metadata!.length).toBeLessThanOrEqual(3000);
    expect(parseDeclareMetadata(modal.private_metadata!)).toEqual({ channel: 'C1' });
  });

  it('preselects a severity given with the command and shows configured meanings', () => {
    const modal = declareModal({ channel: 'C1', severity: 'sev1', severityMeanings: { sev1: 'Customers cannot pay' } });
    const select = modal.blocks.find((b) => b.block_id === f.severity.blockId);
    expect(select).toMatchObject({
      element: { initial_option: { value: 'sev1', text: { text: 'SEV1' }, description: { text: 'Customers cannot pay' } } },
    });
  });

  it('keeps the title within the modal limit of 24 characters', () => {
    expect(declareModal({ channel: 'C1' }).title.text.length).toBeLessThanOrEqual(24);
  });
});

describe('parseDeclareSubmission', () => {
  it('accepts a complete submission, trimming text and turning blanks into null', () => {
    expect(parseDeclareSubmission(declareValues({ title: '  Checkout is down ', service: ' payments ', commander: 'U0IC', summary: '' }))).toEqual({
      ok: true,
      value: { title: 'Checkout is down', severity: 'sev2', service: 'payments', commander: 'U0IC', summary: null },
    });
  });

  it('rejects a blank title on the title field', () => {
    expect(parseDeclareSubmission(declareValues({ title: '   ' }))).toEqual({ ok: false, errors: { [f.title.blockId]: 'Give the incident a title.' } });
  });

  it('rejects a title over 150 characters', () => {
    const result = parseDeclareSubmission(declareValues({ title: 'x'.repeat(151) }));
    expect(result).toEqual({ ok: false, errors: { [f.title.blockId]: 'Keep the title to 150 characters (it has 151).' } });
    expect(parseDeclareSubmission(declareValues({ title: 'x'.repeat(150) })).ok).toBe(true);
  });

  it('rejects a missing or unknown severity, and reports every bad field at once', () => {
    const result = parseDeclareSubmission(declareValues({ title: '', severity: 'sev9', commander: '<!channel>' }));
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual([f.commander.blockId, f.severity.blockId, f.title.blockId].sort());
    expect(parseDeclareSubmission(declareValues({ severity: null })).ok).toBe(false);
  });

  it('survives a state with the blocks missing altogether', () => {
    expect(parseDeclareSubmission({})).toMatchObject({ ok: false });
  });
});

describe('resolveModal', () => {
  it('asks for a required summary and remembers the incident', () => {
    const modal = resolveModal(incidentView());
    expect(modal).toMatchSnapshot();
    expect(parseResolveMetadata(modal.private_metadata!)).toEqual({ incidentId: 'inc_01HXYZ' });
  });
});

describe('parseResolveSubmission', () => {
  const values = (summary: string | null): ViewStateValues => ({
    [RESOLVE_FIELDS.summary.blockId]: { [RESOLVE_FIELDS.summary.actionId]: { value: summary } },
  });

  it('accepts a summary', () => {
    expect(parseResolveSubmission(values(' Failed over to the secondary processor. '))).toEqual({
      ok: true, value: { summary: 'Failed over to the secondary processor.' },
    });
  });

  it('rejects an empty summary on its field', () => {
    expect(parseResolveSubmission(values('  '))).toMatchObject({ ok: false, errors: { [RESOLVE_FIELDS.summary.blockId]: expect.any(String) } });
    expect(parseResolveSubmission({}).ok).toBe(false);
  });
});

describe('metadata', () => {
  it('is null when it is not ours', () => {
    for (const raw of ['', 'not json', '[]', '{"channel":""}', '{"incidentId":5}', 'null']) {
      expect(parseDeclareMetadata(raw)).toBeNull();
      expect(parseResolveMetadata(raw)).toBeNull();
    }
  });
});

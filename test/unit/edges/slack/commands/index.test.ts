// Test: parsing the text of /incident
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../../../src/edges/slack/commands/index.js';
import { unslack } from '../../../../../src/edges/slack/commands/text.js';

const usage = expect.objectContaining({ kind: 'usage' });

describe('parseCommand', () => {
  it('answers help to nothing, to help and to ?', () => {
    for (const text of ['', '   ', 'help', 'HELP me', '?']) expect(parseCommand(text)).toEqual({ kind: 'help' });
  });

  describe('declare', () => {
    it('takes the severity in any of its forms, then the title', () => {
      for (const text of ['declare sev1 DB down', 'declare SEV1 DB down', 'declare sev 1 DB down', 'declare sev-1 DB down', 'declare 1 DB down']) {
        expect(parseCommand(text)).toEqual({ kind: 'declare', severity: 'sev1', title: 'DB down' });
      }
    });

    it('leaves the severity to the default when none is given', () => {
      expect(parseCommand('declare Checkout 502s')).toEqual({ kind: 'declare', severity: null, title: 'Checkout 502s' });
      expect(parseCommand('declare several pods down')).toEqual({ kind: 'declare', severity: null, title: 'several pods down' });
      expect(parseCommand('declare 500 errors on checkout')).toEqual({ kind: 'declare', severity: null, title: '500 errors on checkout' });
    });

    it('opens the modal without a title, keeping a severity given', () => {
      expect(parseCommand('declare')).toEqual({ kind: 'declare-modal', severity: null });
      expect(parseCommand('declare sev3')).toEqual({ kind: 'declare-modal', severity: 'sev3' });
    });

    it('refuses sev5 and a title over 150 characters', () => {
      expect(parseCommand('declare sev5 x')).toEqual(usage);
      expect(parseCommand(`declare ${'x'.repeat(151)}`)).toEqual(usage);
      expect(parseCommand(`declare ${'x'.repeat(150)}`)).toMatchObject({ kind: 'declare' });
    });

    it("undoes Slack's escaping, so the title is escaped once when rendered", () => {
      expect(parseCommand('declare R&amp;D &lt;api&gt; down')).toEqual({ kind: 'declare', severity: null, title: 'R&D <api> down' });
    });
  });

  describe('the incident number', () => {
    it('is null when absent: the channel decides', () => {
      expect(parseCommand('ack')).toEqual({ kind: 'ack', incidentNumber: null });
    });

    it('is written #42 or 42 right after the fixed arguments', () => {
      expect(parseCommand('ack 42')).toEqual({ kind: 'ack', incidentNumber: 42 });
      expect(parseCommand('acknowledge #42')).toEqual({ kind: 'ack', incidentNumber: 42 });
      expect(parseCommand('sev 2 #42')).toEqual({ kind: 'sev', severity: 'sev2', incidentNumber: 42 });
      expect(parseCommand('status identified 42')).toEqual({ kind: 'status', status: 'identified', incidentNumber: 42, message: null });
      expect(parseCommand('resolve 42')).toEqual({ kind: 'resolve-modal', incidentNumber: 42 });
    });

    it('before more text, counts only as #42, so a message may start with a number', () => {
      expect(parseCommand('status identified #42 Root cause is X')).toEqual({
        kind: 'status', status: 'identified', incidentNumber: 42, message: 'Root cause is X',
      });
      expect(parseCommand('status monitoring 5 minutes without errors')).toEqual({
        kind: 'status', status: 'monitoring', incidentNumber: null, message: '5 minutes without errors',
      });
      expect(parseCommand('resolve #7 Rolled back')).toEqual({ kind: 'resolve', summary: 'Rolled back', incidentNumber: 7 });
      expect(parseCommand('note 3 replicas restarted')).toEqual({ kind: 'note', text: '3 replicas restarted', incidentNumber: null });
    });

    it('must be a positive number', () => {
      for (const text of ['ack #0', 'ack 0', 'ack 99999999999', 'resolve #0 x', 'status identified #0 x']) expect(parseCommand(text)).toEqual(usage);
    });
  });

  it('parses status with an optional message, keeping its lines', () => {
    expect(parseCommand('status investigating')).toEqual({ kind: 'status', status: 'investigating', incidentNumber: null, message: null });
    expect(parseCommand('STATUS Monitoring fix deployed\nwatching')).toEqual({
      kind: 'status', status: 'monitoring', incidentNumber: null, message: 'fix deployed\nwatching',
    });
  });

  it('refuses a status the command does not set', () => {
    expect(parseCommand('status resolved')).toEqual(usage);
    expect(parseCommand('status')).toEqual(usage);
  });

  it('parses sev in its forms and refuses anything else', () => {
    expect(parseCommand('sev sev1')).toEqual({ kind: 'sev', severity: 'sev1', incidentNumber: null });
    expect(parseCommand('severity 4')).toEqual({ kind: 'sev', severity: 'sev4', incidentNumber: null });
    for (const text of ['sev', 'sev 5', 'sev high', 'sev 1 42 more']) expect(parseCommand(text)).toEqual(usage);
  });

  describe('role', () => {
    it('takes a mention as Slack sends it, with or without the name', () => {
      expect(parseCommand('role commander <@U123ABC|ann>')).toEqual({ kind: 'role', role: 'commander', userId: 'U123ABC', incidentNumber: null });
      expect(parseCommand('role scribe <@W999> #42')).toEqual({ kind: 'role', role: 'scribe', userId: 'W999', incidentNumber: 42 });
      expect(parseCommand('role Comms <@U1|bob smith> 7')).toEqual({ kind: 'role', role: 'comms', userId: 'U1', incidentNumber: 7 });
    });

    it('explains that a plain @name is not enough', () => {
      const result = parseCommand('role commander @ann');
      expect(result).toEqual(usage);
      expect(result.kind === 'usage' && result.message).toContain('Mention the person');
    });

    it('refuses an unknown role, a missing person and trailing words', () => {
      for (const text of ['role ic <@U1>', 'role commander', 'role', 'role commander <@U1> please']) expect(parseCommand(text)).toEqual(usage);
    });
  });

  it('parses note, turning mentions and links into readable text', () => {
    expect(parseCommand('note #3 paged <@U1|ann> about <#C9|db-ops>, see <https://status.example|status page> &amp; <!here>')).toEqual({
      kind: 'note', incidentNumber: 3, text: 'paged @ann about #db-ops, see status page & @here',
    });
    expect(parseCommand('note')).toEqual(usage);
  });

  it('parses resolve with or without a summary', () => {
    expect(parseCommand('resolve')).toEqual({ kind: 'resolve-modal', incidentNumber: null });
    expect(parseCommand('resolve Rolled back the deploy')).toEqual({ kind: 'resolve', summary: 'Rolled back the deploy', incidentNumber: null });
  });

  it('parses close with an optional number and nothing else', () => {
    expect(parseCommand('close')).toEqual({ kind: 'close', incidentNumber: null });
    expect(parseCommand('close #7')).toEqual({ kind: 'close', incidentNumber: 7 });
    expect(parseCommand('close now please')).toEqual(usage);
  });

  describe('escalate, page and postmortem', () => {
    it('parses escalate with an optional number and reason', () => {
      expect(parseCommand('escalate')).toEqual({ kind: 'escalate', reason: null, incidentNumber: null });
      expect(parseCommand('escalate #7 need the DBA &amp; storage')).toEqual({ kind: 'escalate', reason: 'need the DBA & storage', incidentNumber: 7 });
      expect(parseCommand('escalate 7')).toEqual({ kind: 'escalate', reason: null, incidentNumber: 7 });
      // A bare number before text is part of the reason (the number rule).
      expect(parseCommand('escalate 5 minutes of errors')).toEqual({ kind: 'escalate', reason: '5 minutes of errors', incidentNumber: null });
    });

    it('parses page: mentions as Slack sends them, user groups, policy names, and the number last', () => {
      expect(parseCommand('page <@U123|ann> <@W456>')).toEqual({ kind: 'page', users: ['U123', 'W456'], policies: [], incidentNumber: null });
      expect(parseCommand('page <!subteam^S0DBA|@dba> sre #7')).toEqual({ kind: 'page', users: ['S0DBA'], policies: ['sre'], incidentNumber: 7 });
      expect(parseCommand('page database-oncall 12')).toEqual({ kind: 'page', users: [], policies: ['database-oncall'], incidentNumber: 12 });
      expect(parseCommand('page <@U1> <@U1|ann>')).toEqual({ kind: 'page', users: ['U1'], policies: [], incidentNumber: null });
    });

    it('refuses page without anyone, with a plain @name, or with a number before the end', () => {
      expect(parseCommand('page')).toEqual(usage);
      const plain = parseCommand('page @ann');
      expect(plain.kind === 'usage' && plain.message).toContain('is not a person (mention them with @)');
      expect(parseCommand('page #7 <@U1>')).toEqual(usage);
      expect(parseCommand('page <!channel>')).toEqual(usage);
    });

    it('parses postmortem done and dismiss', () => {
      expect(parseCommand('postmortem done')).toEqual({ kind: 'postmortem', decision: 'done', incidentNumber: null });
      expect(parseCommand('postmortem Dismiss #7')).toEqual({ kind: 'postmortem', decision: 'dismissed', incidentNumber: 7 });
      expect(parseCommand('postmortem')).toEqual(usage);
      expect(parseCommand('postmortem later')).toEqual(usage);
      expect(parseCommand('postmortem done now')).toEqual(usage);
    });
  });

  it('parses list, which takes no arguments', () => {
    expect(parseCommand('list')).toEqual({ kind: 'list' });
    expect(parseCommand('list everything')).toEqual(usage);
  });

  it('names an unknown subcommand and gives the usage, escaped', () => {
    const result = parseCommand('frobnicate <!channel>');
    expect(result).toEqual(usage);
    expect(result.kind === 'usage' && result.message).toContain('`frobnicate`');
    expect(parseCommand('<!channel>')).toMatchObject({ kind: 'usage', message: expect.stringContaining('`@channel`') });
  });

  it('quotes the usage line of the subcommand that went wrong', () => {
    expect(parseCommand('sev 9')).toEqual({
      kind: 'usage', message: 'Give a severity from 1 to 4.\nUsage: `/incident sev &lt;1-4&gt; [#N]`',
    });
  });

  it('never throws, and a usage message never carries a raw < or >', () => {
    const words = fc.constantFrom('declare', 'ack', 'escalate', 'page', 'postmortem', 'done', 'status', 'sev', 'role', 'note', 'resolve', 'close', 'list', 'help', 'identified', 'commander', '#42', '42', 'sev1', '<@U1|a>', '<!channel>', '&amp;', '');
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.array(fc.oneof(words, fc.string()), { maxLength: 8 }).map((w) => w.join(' ')));
    fc.assert(
      fc.property(text, (t) => {
        const result = parseCommand(t);
        expect(result.kind).toBeTypeOf('string');
        if (result.kind === 'usage') expect(result.message).not.toMatch(/[<>]/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('unslack', () => {
  it('reads special mentions, user groups and dates as text', () => {
    expect(unslack('<!subteam^S1|@oncall> <!date^1^{date}|May 1> <mailto:a@b.c|a@b.c> <@U1>')).toBe('@oncall May 1 a@b.c @U1');
  });
});

describe('parseCommand on prototype names', () => {
  it('treats __proto__ and constructor as unknown subcommands', () => {
    for (const text of ['__proto__', 'constructor', 'toString x']) expect(parseCommand(text)).toMatchObject({ kind: 'usage' });
  });
});

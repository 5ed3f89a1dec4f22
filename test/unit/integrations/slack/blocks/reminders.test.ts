// Test: the status-update nudge, the post-mortem reminder, the update modal and the exhausted announcement
import type { InputBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { announcementMessage } from '../../../../../src/integrations/slack/blocks/announcement.js';
import { parseUpdateMetadata, parseUpdateSubmission, updateModal } from '../../../../../src/integrations/slack/blocks/modals.js';
import { postmortemReminderMessage, statusReminderMessage } from '../../../../../src/integrations/slack/blocks/reminders.js';
import { ACTION_IDS, CALLBACK_IDS, UPDATE_FIELDS } from '../../../../../src/integrations/slack/ids.js';
import { EVIL_TITLE, NOW, incidentView } from './views.js';

const buttons = (blocks: unknown[]) =>
  (blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }>)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements!.map((e) => [e.action_id, e.value, e.text.text]));

describe('statusReminderMessage', () => {
  it('says how long the channel has been quiet and offers Post update and Snooze', () => {
    const m = statusReminderMessage(incidentView(), 30 * 60_000, 30 * 60_000);
    expect(m.text).toBe(':hourglass_flowing_sand: No status update on *#42 Checkout returns 502 for card payments* for 30m. Post one so everyone following knows where things stand.');
    expect(buttons(m.blocks)).toEqual([
      [ACTION_IDS.postUpdate, 'inc_01HXYZ', 'Post update'],
      [ACTION_IDS.snoozeReminder, 'inc_01HXYZ', 'Snooze 30m'],
    ]);
  });

  it('escapes the title', () => {
    const m = statusReminderMessage(incidentView({ title: EVIL_TITLE }), 60_000, 60_000);
    expect(JSON.stringify(m)).not.toContain('<!channel>');
  });
});

describe('postmortemReminderMessage', () => {
  it('mentions the commander in the incident channel, with Done and Dismiss', () => {
    const m = postmortemReminderMessage(incidentView(), { commander: 'U0COMMAND', count: 1, elsewhere: false });
    expect(m.text).toContain(':memo: <@U0COMMAND>, the post-mortem for *#42 Checkout returns 502 for card payments* is due.');
    expect(buttons(m.blocks)).toEqual([
      [ACTION_IDS.postmortemDone, 'inc_01HXYZ', 'Post-mortem done'],
      [ACTION_IDS.postmortemDismiss, 'inc_01HXYZ', 'Dismiss'],
    ]);
  });

  it('links the archived channel when posted elsewhere, counts repeats, and never mentions a non-user', () => {
    const m = postmortemReminderMessage(incidentView(), { commander: 'U0COMMAND', count: 3, elsewhere: true });
    expect(m.text).toContain('*#42 Checkout returns 502 for card payments* (<#C0INC42>) is due (reminder 3).');
    expect(postmortemReminderMessage(incidentView({ title: EVIL_TITLE }), { commander: null, count: 1, elsewhere: false }).text).toMatch(
      /^:memo: Commander, the post-mortem for \*#42 &lt;!channel&gt;/,
    );
  });
});

describe('updateModal', () => {
  it('offers only the statuses ahead of the current one, and the message', () => {
    const modal = updateModal(incidentView({ status: 'investigating' }));
    expect(modal.callback_id).toBe(CALLBACK_IDS.updateModal);
    expect(parseUpdateMetadata(modal.private_metadata!)).toEqual({ incidentId: 'inc_01HXYZ' });
    const select = modal.blocks.find((b) => b.type === 'input' && b.block_id === UPDATE_FIELDS.status.blockId) as InputBlock | undefined;
    expect(select?.element.type === 'static_select' && select.element.options?.map((o) => o.value)).toEqual(['identified', 'monitoring']);
    expect(select?.optional).toBe(true);
    // At monitoring there is nowhere forward to go: just the message.
    expect(updateModal(incidentView({ status: 'monitoring' })).blocks.filter((b) => b.type === 'input')).toHaveLength(1);
  });

  it('needs a message; the status is optional', () => {
    const values = (status: string | null, message: string) => ({
      [UPDATE_FIELDS.status.blockId]: { [UPDATE_FIELDS.status.actionId]: { selected_option: status === null ? null : { value: status } } },
      [UPDATE_FIELDS.message.blockId]: { [UPDATE_FIELDS.message.actionId]: { value: message } },
    });
    expect(parseUpdateSubmission(values('identified', ' Bad deploy '))).toEqual({ ok: true, value: { status: 'identified', message: 'Bad deploy' } });
    expect(parseUpdateSubmission(values(null, 'Still digging'))).toEqual({ ok: true, value: { status: null, message: 'Still digging' } });
    expect(parseUpdateSubmission(values(null, ' '))).toEqual({ ok: false, errors: { [UPDATE_FIELDS.message.blockId]: 'Say in a line or two where things stand.' } });
    expect(parseUpdateSubmission(values('resolved', 'x'))).toEqual({ ok: false, errors: { [UPDATE_FIELDS.status.blockId]: 'Pick a status from the list.' } });
  });
});

describe('the exhausted announcement', () => {
  it('says every level was paged, naming the policy (escaped)', () => {
    const m = announcementMessage({ kind: 'exhausted', view: incidentView(), policy: 'sre<!here>' }, NOW);
    expect(m.text).toBe('🚨 Escalation exhausted: *#42 Checkout returns 502 for card payments*');
    expect(JSON.stringify(m.blocks)).toContain('Every level of `sre&lt;!here&gt;` was paged and nobody acknowledged');
  });
});

// Test: untrusted text never becomes a broadcast, a mention or a link in anything we send to Slack
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { announcementMessage } from '../../../../../src/integrations/slack/blocks/announcement.js';
import { homeView } from '../../../../../src/integrations/slack/blocks/home.js';
import { resolveModal } from '../../../../../src/integrations/slack/blocks/modals.js';
import { summaryBlocks, summaryText } from '../../../../../src/integrations/slack/blocks/summary.js';
import { topicText } from '../../../../../src/integrations/slack/blocks/topic.js';
import type { IncidentView } from '../../../../../src/domain/incident.js';
import { NOW, evilView } from './views.js';

function everything(view: IncidentView): string {
  return JSON.stringify([
    summaryBlocks(view, NOW, { buttons: ['acknowledge', 'resolve', 'escalate', 'diagnostics'] }),
    summaryText(view),
    announcementMessage({ kind: 'declared', view }, NOW),
    announcementMessage({ kind: 'severity-changed', view, from: 'sev4' }, NOW),
    announcementMessage({ kind: 'resolved', view }, NOW),
    topicText(view),
    homeView({ incidents: [view], viewer: 'U0SCRIBE', now: NOW }),
    resolveModal(view),
  ]);
}

/** Every `<…>` token in the output: only ours (user and channel mentions, dates, links we built). */
function tokens(json: string): string[] {
  return json.match(/<[^<>]*>/g) ?? [];
}

describe('an incident titled "<!channel> <https://evil.example|click>"', () => {
  const out = everything(evilView());

  it('broadcasts to nobody', () => {
    expect(out).not.toMatch(/<!(channel|here|everyone)/);
  });

  it('links nowhere', () => {
    expect(out).not.toContain('<https://evil');
    expect(out).toContain('&lt;https://evil.example|click&gt;');
  });

  it('mentions nobody through a role or an update author that is not a Slack id', () => {
    // The link's URL ends at the first `|`, and that URL is the alert's own, encoded: the label may hold anything.
    for (const token of tokens(out)) expect(token).toMatch(/^<(@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|!date\^\d+\^[^|]*\|[^|]*|https:\/\/alerts\.example\/[^|\s]*\|.*)>$/);
  });

  it('links an alert only to its own http(s) URL, with the pipe encoded', () => {
    expect(out).toContain('<https://alerts.example/%7C%3C!channel%3E|');
  });
});

describe('any untrusted text', () => {
  it('yields only our own <…> tokens, whatever the title, service, alert or update says', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 40 }), fc.string({ maxLength: 80 }), (title, service, text) => {
        const view = evilView({
          title, service,
          alerts: { firing: 1, resolved: 0, latest: [{ source: service, title: text, status: 'firing', url: null }] },
          lastUpdate: { at: '2024-05-01T10:45:00.000Z', by: text, text },
        });
        for (const token of tokens(everything(view))) expect(token).toMatch(/^<(@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|!date\^\d+\^[^|]*\|[^|]*)>$/);
      }),
    );
  });
});

// Slack: the core's chat content (effects/chat-content.ts) → Slack message text and Block Kit.
// The one place that maps each kind of content to its builder in blocks/ (pure).
import type { KnownBlock } from '@slack/types';
import type { ChatContent } from '../../effects/chat-content.js';
import { announcementMessage } from './blocks/announcement.js';
import { approvalMessage, approvalNoticeMessage } from './blocks/approval.js';
import { diagnosticsMessage } from './blocks/diagnostics.js';
import { noticeMessage } from './blocks/notice.js';
import { outageRecapMessage } from './blocks/outage-recap.js';
import { pageDmMessage } from './blocks/page-dm.js';
import { postmortemReminderMessage, statusReminderMessage } from './blocks/reminders.js';
import { summaryBlocks, summaryText, type SummaryButton } from './blocks/summary.js';
import { escapeMrkdwn } from './escape.js';

export interface RenderOptions {
  /** The summary buttons this deployment offers; each still shows only while it makes sense. */
  summaryButtons: SummaryButton[];
}

export interface Rendered {
  /** The notification text (and screen readers' fallback), mrkdwn. */
  text: string;
  blocks?: KnownBlock[];
}

export function renderContent(content: ChatContent, opts: RenderOptions): Rendered {
  switch (content.kind) {
    case 'summary':
      return { text: summaryText(content.view), blocks: summaryBlocks(content.view, new Date(content.now), { buttons: opts.summaryButtons }) };
    case 'announcement':
      return announcementMessage(content.announcement, new Date(content.now));
    case 'status-reminder':
      return statusReminderMessage(content.view, content.waitedMs, content.snoozeMs);
    case 'postmortem-reminder':
      return postmortemReminderMessage(content.view, { commander: content.commander, count: content.count, elsewhere: content.elsewhere });
    case 'page': {
      const mentions = [...content.users.map((u) => `<@${u}>`), ...content.groups.map((g) => `<!subteam^${g}>`)];
      return {
        text:
          `:rotating_light: Paging ${mentions.join(' ')} (${escapeMrkdwn(content.where)}): ${summaryText(content.view)}` +
          ' — acknowledge with `/incident ack` or the button on the pinned summary.',
      };
    }
    case 'page-dm':
      return pageDmMessage({ view: content.view, where: content.where });
    case 'notice':
      return noticeMessage(content.view, content.notice);
    case 'approval':
      return approvalMessage(content.request, new Date(content.now));
    case 'approval-notice':
      return approvalNoticeMessage(content.request, content.what);
    case 'outage-recap':
      return outageRecapMessage(content);
    case 'diagnostics':
      return diagnosticsMessage(content.report, new Date(content.now));
  }
}

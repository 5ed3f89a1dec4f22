// Slack: the core's Chat port on Slack's Web API (or local mode): content rendered here, names
// chosen here, calls made through the SlackChatApi the caller passes (real client or local log).
import type { Chat } from '../../effects/ports.js';
import type { SlackChatApi } from './chat-api.js';
import { topicText } from './blocks/topic.js';
import { channelName } from './channel-name.js';
import { escapeMrkdwn, truncate } from './escape.js';
import { renderContent, type RenderOptions } from './render.js';

export function createChatPort(api: SlackChatApi, opts: Partial<RenderOptions> = {}): Chat {
  const render: RenderOptions = { summaryButtons: opts.summaryButtons ?? ['acknowledge', 'resolve', 'escalate'] };
  return {
    ensureChannel: ({ pattern, incident, isPrivate, incidentId }) =>
      api.ensureChannel({ name: channelName(pattern, incident), isPrivate, incidentId }),
    setTopic: (channel, view) => api.setTopic(channel, topicText(view)),
    invite: (channel, users) => api.invite(channel, users),
    post: (channel, content, { idempotencyKey, retry }) => api.post({ channel, ...renderContent(content, render), idempotencyKey }, { retry: retry ?? false }),
    update: (channel, ts, content) => api.update({ channel, ts, ...renderContent(content, render) }),
    pin: (channel, ts) => api.pin(channel, ts),
    archive: (channel) => api.archive(channel),
    directMessage: (user, content, { idempotencyKey, retry }) =>
      api.directMessage(user, { ...renderContent(content, render), idempotencyKey }, { retry: retry ?? false }),
    lookupUserByEmail: (email) => api.lookupUserByEmail(email),
    userGroupMembers: (group) => api.userGroupMembers(group),
    uploadFile: (channel, file) =>
      api.uploadFile({ channel, filename: file.filename, title: file.title, content: file.content, comment: file.comment === null ? null : truncate(escapeMrkdwn(file.comment), 3000) }),
  };
}

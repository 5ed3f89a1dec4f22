// Slack (local mode, no token): the Chat port rendered as readable lines, so the whole incident flow
// runs without Slack. Idempotent like the real adapter: a retry neither re-creates nor re-posts (nor re-DMs).
import type { SlackChatApi } from './chat-api.js';

export interface LocalChatOptions {
  log: (line: string) => void;
}

const PREFIX = '[slack local]';
const MAX_TEXT = 500;

export function createLocalChat({ log }: LocalChatOptions): SlackChatApi {
  /** channel id → name, for channels ensured here. */
  const names = new Map<string, string>();
  /** idempotency key → ts */
  const posted = new Map<string, string>();
  let counter = 0;
  const ok = { ok: true as const, value: undefined };

  const label = (channel: string) => {
    const name = names.get(channel) ?? channel;
    return name.startsWith('#') || /^[CGD][A-Z0-9]+$/.test(name) ? name : `#${name}`;
  };
  const say = (channel: string, what: string) => log(`${PREFIX} ${label(channel)} ${what}`);

  return {
    async ensureChannel({ name, isPrivate }) {
      const id = `local-${name}`;
      if (!names.has(id)) {
        names.set(id, name);
        say(id, `created${isPrivate ? ' (private)' : ''}`);
      }
      return { ok: true, value: { id, name } };
    },

    async setTopic(channel, topic) {
      say(channel, `topic: ${oneLine(topic)}`);
      return ok;
    },

    async invite(channel, users) {
      const unique = [...new Set(users.filter((u) => u.trim() !== ''))];
      if (unique.length > 0) say(channel, `invited ${unique.join(', ')}`);
      return ok;
    },

    async post(message) {
      const earlier = posted.get(message.idempotencyKey);
      if (earlier) return { ok: true, value: { ts: earlier } };
      const ts = `${++counter}.000000`;
      posted.set(message.idempotencyKey, ts);
      say(message.channel, `← ${oneLine(message.text)}`);
      return { ok: true, value: { ts } };
    },

    async update(message) {
      say(message.channel, `✎ ${message.ts}: ${oneLine(message.text)}`);
      return ok;
    },

    async pin(channel, ts) {
      say(channel, `pinned ${ts}`);
      return ok;
    },

    async archive(channel) {
      say(channel, 'archived');
      return ok;
    },

    async directMessage(user, message) {
      const channel = `local-dm-${user}`;
      const earlier = posted.get(message.idempotencyKey);
      if (earlier) return { ok: true, value: { channel, ts: earlier } };
      const ts = `${++counter}.000000`;
      posted.set(message.idempotencyKey, ts);
      log(`${PREFIX} DM ${user} ← ${oneLine(message.text)}`);
      return { ok: true, value: { channel, ts } };
    },

    // No workspace to ask: the address stands for the person, so the log shows who was paged.
    async lookupUserByEmail(email) {
      return { ok: true, value: email };
    },

    // Nobody to list: the group's mention in the channel line is what local mode shows.
    async userGroupMembers() {
      return { ok: true, value: [] };
    },

    async uploadFile({ channel, filename, content }) {
      say(channel, `file ${filename} (${content.length} bytes)`);
      return { ok: true, value: { fileId: `local-file-${++counter}`, permalink: null } };
    },
  };
}

/** One log line per call: newlines shown as ⏎, long text cut. */
/** Mentions read as names (`<@U0ANN>` → `@U0ANN`; in local mode an email stands for its person). */
function oneLine(text: string): string {
  const flat = text
    .replace(/<@([^>|]+)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<!subteam\^([^>|]+)(?:\|[^>]*)?>/g, '@$1')
    .replace(/\s*\n\s*/g, ' ⏎ ')
    .trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 1)}…` : flat;
}

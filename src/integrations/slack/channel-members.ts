// Slack: who is in a channel (conversations.members, every page), cached for a minute — what the web
// console asks before it shows a private incident (Directory.channelMembers).
import type { WebClient } from '@slack/web-api';
import type { Directory, PortResult } from '../../effects/ports.js';
import { classifySlackError } from './classify.js';

const DEFAULT_TTL_MS = 60_000;

export function createChannelMembers(client: WebClient, opts: { ttlMs?: number; now?: () => number } = {}): Directory['channelMembers'] {
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { users: string[]; until: number }>();
  return async (channel): Promise<PortResult<string[]>> => {
    const t = now();
    const hit = cache.get(channel);
    if (hit && hit.until > t) return { ok: true, value: hit.users };
    const users: string[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
        users.push(...(page.members ?? []));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (err) {
      return { ok: false, error: classifySlackError(err, { method: 'conversations.members' }) };
    }
    for (const [k, v] of cache) if (v.until <= t) cache.delete(k);
    cache.set(channel, { users, until: t + (opts.ttlMs ?? DEFAULT_TTL_MS) });
    return { ok: true, value: users };
  };
}

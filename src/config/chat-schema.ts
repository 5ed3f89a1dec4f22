// Config: the `slack` section of firebreak.yaml — how incident channels are named and announced.
import { z } from 'zod';
import { duration } from './duration.js';
import { SEVERITIES } from '../domain/alert.js';

const DEFAULT_MEANINGS = {
  sev1: 'Critical: customers cannot use the product, data at risk, or security breach. All hands, page now.',
  sev2: 'Major: a core feature is broken or badly degraded for many customers. Page the on-call.',
  sev3: 'Minor: partial degradation with a workaround, or internal impact. Handle in working hours.',
  sev4: 'Low: cosmetic or no customer impact. Track and fix.',
};

export const chatSchema = z
  .strictObject({
    channel_pattern: z
      .string()
      .regex(/\{number\}/, { message: 'must contain {number} so every incident gets its own channel' })
      .default('inc-{number}-{slug}')
      .describe('Incident channel name: {number}, {slug} (of the title), {service}, {severity}. Lowercased and cut to 80 characters.'),
    private_channels: z.boolean().default(false).describe('Create incident channels as private channels.'),
    announce_channel: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe('Channel id (C…) where declarations, severity changes and resolutions are announced; null for none.'),
    close_after: duration
      .nullable()
      .default(null)
      .describe('Close a resolved incident by itself this long after it was resolved; null closes only on `/incident close`.'),
    archive_after: duration.nullable().default(null).describe('Archive the incident channel this long after close; null keeps it.'),
    severities: z
      .record(z.enum(SEVERITIES), z.string().min(1))
      .default(DEFAULT_MEANINGS)
      .describe('What each severity means to your team: shown in /incident help and the declare modal.'),
  })
  .describe('Slack: incident channels, announcements and severity meanings.');

export interface ChatConfig {
  channelPattern: string;
  privateChannels: boolean;
  announceChannel: string | null;
  archiveAfterMs: number | null;
  closeAfterMs: number | null;
  severities: Record<(typeof SEVERITIES)[number], string>;
}

export function toChatConfig(raw: z.output<typeof chatSchema>): ChatConfig {
  return {
    channelPattern: raw.channel_pattern,
    privateChannels: raw.private_channels,
    announceChannel: raw.announce_channel,
    archiveAfterMs: raw.archive_after,
    closeAfterMs: raw.close_after,
    severities: { ...DEFAULT_MEANINGS, ...raw.severities },
  };
}

// Config: the `followups` section of firebreak.yaml — follow-ups also tracked as GitHub issues
// (GITHUB_TOKEN, GITHUB_API_URL), their state synced back on a schedule.
import { z } from 'zod';
import { durationAtLeast } from './duration.js';

export const followupsSchema = z
  .strictObject({
    github: z
      .strictObject({
        repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'expected owner/repo' }).describe('Where each follow-up becomes an issue.'),
        labels: z.array(z.string().min(1).max(50)).default(['incident-followup']).describe('Labels on every follow-up issue (also how Firebreak finds its issues again).'),
        sync_every: durationAtLeast(10_000).prefault('5m').describe('How often issues are created for new follow-ups and closed issues mark their follow-up done.'),
      })
      .nullable()
      .default(null)
      .describe('Follow-ups as GitHub issues (needs GITHUB_TOKEN); null: Firebreak keeps them itself only.'),
  })
  .describe('Where follow-ups are tracked besides Firebreak.');

export const postmortemsSchema = z
  .strictObject({
    github: z
      .strictObject({
        repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'expected owner/repo' }).describe('Where each post-mortem draft is committed as a file.'),
        path: z.string().regex(/^[^/].*\.md$/, { error: 'expected a relative path ending in .md, e.g. postmortems/incident-{number}.md' })
          .default('postmortems/incident-{number}.md').describe('The file path; {number} is the incident number.'),
        branch: z.string().min(1).nullable().default(null).describe("The branch to commit to; null: the repository's default."),
      })
      .nullable()
      .default(null)
      .describe('Post-mortem drafts also committed to a GitHub repository on resolve (needs GITHUB_TOKEN); null: shared in Slack and served by Firebreak only.'),
  })
  .describe('Where post-mortem drafts are published besides the incident channel.');

export interface PostmortemsConfig {
  github: { repository: string; path: string; branch: string | null } | null;
}

export function toPostmortemsConfig(raw: z.output<typeof postmortemsSchema>): PostmortemsConfig {
  return { github: raw.github };
}

export interface FollowupsConfig {
  github: { repository: string; labels: string[]; syncEveryMs: number } | null;
}

export function toFollowupsConfig(raw: z.output<typeof followupsSchema>): FollowupsConfig {
  return { github: raw.github === null ? null : { repository: raw.github.repository, labels: raw.github.labels, syncEveryMs: raw.github.sync_every } };
}

// Config: the `followups` section of firebreak.yaml — follow-ups also tracked as GitHub issues
// (GITHUB_TOKEN, GITHUB_API_URL) and/or Jira issues (JIRA_URL, JIRA_EMAIL, JIRA_API_TOKEN), their
// state synced back on a schedule.
import { z } from 'zod';
import { durationAtLeast } from './duration.js';
import type { Env } from './env.js';

const syncEvery = (where: string) =>
  durationAtLeast(10_000).prefault('5m').describe(`How often issues are created for new follow-ups and ${where} mark their follow-up done.`);

export const followupsSchema = z
  .strictObject({
    github: z
      .strictObject({
        repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'expected owner/repo' }).describe('Where each follow-up becomes an issue.'),
        labels: z.array(z.string().min(1).max(50)).default(['incident-followup']).describe('Labels on every follow-up issue (also how Firebreak finds its issues again).'),
        sync_every: syncEvery('closed issues'),
      })
      .nullable()
      .default(null)
      .describe('Follow-ups as GitHub issues (needs GITHUB_TOKEN); null: Firebreak keeps them itself only.'),
    jira: z
      .strictObject({
        project: z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, { error: 'expected a Jira project key, e.g. OPS' }).describe('The project (its key) where each follow-up becomes an issue.'),
        issue_type: z.string().trim().min(1).max(255).default('Task').describe("The issue type's name in that project."),
        labels: z.array(z.string().regex(/^\S{1,255}$/, { error: 'a Jira label is one word of at most 255 characters (no spaces)' }))
          .default(['incident-followup']).describe('Labels on every follow-up issue (the first is also how Firebreak finds its issues again).'),
        sync_every: syncEvery('issues moved to a Done status'),
      })
      .nullable()
      .default(null)
      .describe('Follow-ups as Jira issues (needs JIRA_URL, JIRA_EMAIL and JIRA_API_TOKEN); null: none in Jira. With github too, each follow-up gets both.'),
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
  jira: { project: string; issueType: string; labels: string[]; syncEveryMs: number } | null;
}

export function toFollowupsConfig(raw: z.output<typeof followupsSchema>): FollowupsConfig {
  const { github, jira } = raw;
  return {
    github: github === null ? null : { repository: github.repository, labels: github.labels, syncEveryMs: github.sync_every },
    jira: jira === null ? null : { project: jira.project, issueType: jira.issue_type, labels: jira.labels, syncEveryMs: jira.sync_every },
  };
}

/** Per configured tracker, the variables it needs that are unset (names only, never values); none: it runs. */
export function followupsMissingEnv(followups: FollowupsConfig, env: Pick<Env, 'github' | 'jira'>): { github: string[]; jira: string[] } {
  const unset = (vars: Record<string, unknown>) => Object.entries(vars).filter(([, v]) => v === undefined).map(([name]) => name);
  return {
    github: followups.github ? unset({ GITHUB_TOKEN: env.github.token }) : [],
    jira: followups.jira ? unset({ JIRA_URL: env.jira.url, JIRA_EMAIL: env.jira.email, JIRA_API_TOKEN: env.jira.apiToken }) : [],
  };
}

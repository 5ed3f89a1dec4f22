// Integrations: every remediation executor, in one list. The approvals feature picks one by the
// catalog entry's `executor`; main.ts builds the map once from the environment (only configured
// executors are in it); `firebreak check` asks the same list what each needs and whether an entry's
// settings are ones its executor accepts. A new executor is a vendor folder and one line here.
import type { z } from 'zod';
import type { Env } from '../config/env.js';
import type { ExecutorFacts } from '../config/warnings.js';
import type { Executor } from '../effects/ports.js';
import { cloudflareSettingsSchema, createCloudflareExecutor } from './cloudflare/executor.js';
import { createGithubRollbackExecutor, githubRollbackSettingsSchema } from './github/rollback.js';
import { createSupabaseExecutor, supabaseSettingsSchema } from './supabase/executor.js';
import { createWebhookExecutor, webhookActionSettingsSchema } from './webhook/executor.js';
import type { WebhookTargetConfig } from './webhook/pager.js';

export interface ExecutorsOptions {
  /** escalation.webhooks with their secrets: the same map the page webhooks use. */
  webhooks: Record<string, WebhookTargetConfig>;
  fetch?: typeof fetch;
}

interface ExecutorEntry {
  create(env: Env, opts: ExecutorsOptions): Executor;
  settings: z.ZodType;
  /** What makes it configured, for a warning. */
  needs: string;
}

const withFetch = (opts: ExecutorsOptions) => (opts.fetch ? { fetch: opts.fetch } : {});

export const EXECUTORS: Readonly<Record<string, ExecutorEntry>> = {
  cloudflare: {
    create: (env, opts) => createCloudflareExecutor({ ...(env.cloudflare.apiToken ? { apiToken: env.cloudflare.apiToken } : {}), apiUrl: env.cloudflare.apiUrl, ...withFetch(opts) }),
    settings: cloudflareSettingsSchema,
    needs: 'CLOUDFLARE_API_TOKEN',
  },
  supabase: {
    create: (env, opts) =>
      createSupabaseExecutor({
        ...(env.remediationSupabase.url ? { url: env.remediationSupabase.url } : {}),
        ...(env.remediationSupabase.serviceRoleKey ? { serviceRoleKey: env.remediationSupabase.serviceRoleKey } : {}),
        ...withFetch(opts),
      }),
    settings: supabaseSettingsSchema,
    needs: 'REMEDIATION_SUPABASE_URL and REMEDIATION_SUPABASE_SERVICE_ROLE_KEY',
  },
  github: {
    create: (env, opts) => createGithubRollbackExecutor({ ...(env.github.token ? { token: env.github.token } : {}), apiUrl: env.github.apiUrl, ...withFetch(opts) }),
    settings: githubRollbackSettingsSchema,
    needs: 'GITHUB_TOKEN',
  },
  webhook: {
    create: (_env, opts) => createWebhookExecutor({ webhooks: opts.webhooks, ...withFetch(opts) }),
    settings: webhookActionSettingsSchema,
    needs: 'a webhook under escalation.webhooks',
  },
};

/** The executors whose credentials are present, by name: what the approvals feature may call. */
export function createExecutors(env: Env, opts: ExecutorsOptions): Map<string, Executor> {
  const out = new Map<string, Executor>();
  for (const entry of Object.values(EXECUTORS)) {
    const executor = entry.create(env, opts);
    if (executor.configured()) out.set(executor.name, executor);
  }
  return out;
}

/** What `firebreak check` needs to know about each executor (presence only: never a secret). */
export function executorFacts(env: Env, opts: ExecutorsOptions): Map<string, ExecutorFacts> {
  const out = new Map<string, ExecutorFacts>();
  for (const [name, entry] of Object.entries(EXECUTORS)) {
    const executor = entry.create(env, opts);
    out.set(name, {
      configured: executor.configured(),
      needs: entry.needs,
      kinds: executor.kinds,
      settingsProblems: (settings) => {
        const parsed = entry.settings.safeParse(settings);
        return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
      },
    });
  }
  return out;
}

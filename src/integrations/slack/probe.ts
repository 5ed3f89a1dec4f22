// Slack: the breaker's probe — auth.test, the cheapest Web API call there is (Tier 4, no side effect).
// Any answer from Slack (even invalid_auth) proves it is reachable; only transport trouble and 5xx do not.
import type { WebClient } from '@slack/web-api';
import type { PortResult } from '../../effects/ports.js';
import { classifySlackError } from './classify.js';

export function slackProbe(client: WebClient): () => Promise<PortResult<unknown>> {
  return async () => {
    try {
      await client.auth.test();
      return { ok: true, value: null };
    } catch (err) {
      return { ok: false, error: classifySlackError(err, { method: 'auth.test' }) };
    }
  };
}

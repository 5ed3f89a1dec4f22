// Edge: answer a responder within Slack's 3 s. Quick work answers in the ack itself; slow work
// (a store under load) acks "working on it" and follows up through response_url.

export type Reply = string | { text: string; blocks?: unknown[] };

const FAST_ENOUGH_MS = 2_000;

export async function answerWithin(
  ack: (response: { response_type: 'ephemeral'; text: string; blocks?: unknown[] }) => Promise<void>,
  respond: (response: { response_type: 'ephemeral'; text: string; blocks?: unknown[]; replace_original?: boolean }) => Promise<unknown>,
  work: () => Promise<Reply>,
): Promise<void> {
  const pending = work().catch((err: unknown): Reply => `Something went wrong: ${err instanceof Error ? err.message : String(err)}. Try again.`);
  let timer: NodeJS.Timeout | undefined;
  const quick = await Promise.race([pending, new Promise<null>((r) => (timer = setTimeout(() => r(null), FAST_ENOUGH_MS)))]);
  clearTimeout(timer);
  if (quick !== null) return ack({ response_type: 'ephemeral', ...asMessage(quick) });
  await ack({ response_type: 'ephemeral', text: '⏳ Working on it…' });
  await respond({ response_type: 'ephemeral', ...asMessage(await pending) });
}

function asMessage(reply: Reply): { text: string; blocks?: unknown[] } {
  return typeof reply === 'string' ? { text: reply } : reply;
}

// Edge: answer a responder within Slack's 3 s. Quick work answers in the ack itself; slow work (a
// store under load) acks "working on it" and follows up through response_url. A modal is opened
// only after the ack, and a form that cannot be opened still leaves the user an answer. Whatever
// fails inside is logged; the user gets a plain retry hint, never internal error text.
import type { ModalView } from '@slack/types';
import type { Logger } from '../../observability/observer.js';
import type { CommandReply } from './commands/subcommand.js';

type Ephemeral = { response_type: 'ephemeral'; text: string; blocks?: unknown[] };

export interface ReplyIo {
  ack(response?: Ephemeral): Promise<void>;
  respond(response: Ephemeral & { replace_original?: boolean }): Promise<unknown>;
  /** views.open with the request's trigger_id (valid for 3 s after the user acted). */
  openModal(view: ModalView): Promise<void>;
  log: Logger;
}

const FAST_ENOUGH_MS = 2_000;
export const SORRY = 'Something went wrong on our side and nothing was changed. Try again in a moment.';

export async function replyWithin(io: ReplyIo, work: () => Promise<CommandReply>): Promise<void> {
  const pending = work().catch((err: unknown): CommandReply => {
    io.log.error(errorFields(err), 'slack command failed');
    return SORRY;
  });
  let timer: NodeJS.Timeout | undefined;
  const quick = await Promise.race([pending, new Promise<null>((r) => (timer = setTimeout(() => r(null), FAST_ENOUGH_MS)))]);
  clearTimeout(timer);
  if (quick !== null) {
    if (isModal(quick)) {
      await io.ack();
      return openOrExplain(io, quick);
    }
    return io.ack({ response_type: 'ephemeral', ...asMessage(quick) });
  }
  await io.ack({ response_type: 'ephemeral', text: '⏳ Working on it…' });
  const reply = await pending;
  // A form after the 3 s window: its trigger has expired, and openOrExplain says so.
  if (isModal(reply)) return openOrExplain(io, reply);
  await io.respond({ response_type: 'ephemeral', ...asMessage(reply) });
}

async function openOrExplain(io: ReplyIo, reply: { modal: ModalView; unavailable: string }): Promise<void> {
  try {
    await io.openModal(reply.modal);
  } catch (err) {
    io.log.warn(errorFields(err), 'could not open a Slack modal');
    await io.respond({ response_type: 'ephemeral', text: reply.unavailable }).catch((e: unknown) => io.log.warn(errorFields(e), 'could not answer the user'));
  }
}

function isModal(reply: CommandReply): reply is { modal: ModalView; unavailable: string } {
  return typeof reply === 'object' && 'modal' in reply;
}

function asMessage(reply: Exclude<CommandReply, { modal: ModalView }>): { text: string; blocks?: unknown[] } {
  return typeof reply === 'string' ? { text: reply } : reply;
}

/** An error as log fields: its message and stack (the logger redacts both). */
export function errorFields(err: unknown): { err: string; stack?: string } {
  return err instanceof Error ? { err: err.message, ...(err.stack && { stack: err.stack }) } : { err: String(err) };
}

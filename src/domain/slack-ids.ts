// Domain: the shapes of Slack ids, which name people, groups and channels throughout Firebreak
// (roles, page targets, routing responders). One place for the patterns; pure.

/** A user (U…) or an Enterprise Grid user (W…). */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
/** A user group (S…). */
export const SLACK_GROUP_ID = /^S[A-Z0-9]{2,}$/;
/** A public (C…) or private (G…) channel. */
export const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
/** Unanchored, for the mention tokens Slack itself writes (`<@U123|ann>`, `<!subteam^S123>`). */
export const SLACK_USER_ID_SOURCE = '[UW][A-Z0-9]+';
export const SLACK_GROUP_ID_SOURCE = 'S[A-Z0-9]+';

export function isSlackUserId(who: string | null | undefined): who is string {
  return !!who && SLACK_USER_ID.test(who);
}

export function isSlackGroupId(what: string | null | undefined): what is string {
  return !!what && SLACK_GROUP_ID.test(what);
}

export function isSlackChannelId(what: string | null | undefined): what is string {
  return !!what && SLACK_CHANNEL_ID.test(what);
}

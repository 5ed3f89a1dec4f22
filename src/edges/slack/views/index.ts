// Edge: modal submissions — each one file here, registered by one line below. Validation problems
// go back on the field (response_action: errors); a valid submission acts through the incidents API.
import type { App } from '@slack/bolt';
import type { Gate } from '../../../access/guarded.js';
import type { Incidents } from '../../../incidents/index.js';
import type { Approvals } from '../../../approvals/index.js';
import type { Logger } from '../../../observability/observer.js';
import { declareForm } from './declare.js';
import { resolveForm } from './resolve.js';
import { updateForm } from './update.js';
import { denyForm } from './deny.js';

export interface ViewDeps {
  incidents: Incidents;
  approvals?: Approvals;
  /** Submissions act through it: checked against `access`, recorded in the audit log. */
  gate: Gate;
  log: Logger;
}

export interface FormHandler {
  callbackId: string;
  register(app: App, deps: ViewDeps): void;
}

export const FORMS: readonly FormHandler[] = [declareForm, resolveForm, updateForm, denyForm];

export function registerForms(app: App, deps: ViewDeps): void {
  for (const form of FORMS) form.register(app, deps);
}

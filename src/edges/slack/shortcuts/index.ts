// Edge: shortcuts — each one file here, registered by one line below, its callback_id in
// integrations/slack/ids.ts and its entry in manifest.json's features.shortcuts (a test keeps the
// three the same).
import type { App } from '@slack/bolt';
import type { Incidents } from '../../../incidents/index.js';
import type { Logger } from '../../../observability/observer.js';
import type { Reports } from '../../../reports/index.js';
import { addToTimelineShortcut } from './add-to-timeline.js';

export interface ShortcutDeps {
  incidents: Incidents;
  reports: Reports;
  log: Logger;
}

export interface ShortcutHandler {
  callbackId: string;
  type: 'message' | 'global';
  register(app: App, deps: ShortcutDeps): void;
}

export const SHORTCUTS: readonly ShortcutHandler[] = [addToTimelineShortcut];

export function registerShortcuts(app: App, deps: ShortcutDeps): void {
  for (const shortcut of SHORTCUTS) shortcut.register(app, deps);
}

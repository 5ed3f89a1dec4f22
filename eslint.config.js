// Lint: typescript-eslint's recommended rules plus the import boundaries of docs/ARCHITECTURE.md —
// imports point inward (edges → incidents → workflows/effects → store → domain; vendors only in
// integrations/). A new arrow the wrong way fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const VENDOR_SDKS = ['@slack/', '@pagerduty/', '@datadog/', '@sentry/', '@supabase/', '@electric-sql/', 'pg', 'node:http', 'node:https', 'prom-client', 'pino'];
const vendors = { regex: `^(${VENDOR_SDKS.map((p) => p.replace(/[/.]/g, (c) => `\\${c}`)).join('|')})`, message: 'vendor SDKs and the network live in src/integrations behind a port' };
/** An import of folder `name` under src/, from anywhere in src/. */
const folder = (name, why) => ({ regex: `(^|/)(\\.\\./)+${name}(/|\\.js$)`, message: `imports point inward: ${why}` });
/**
 * Feature modules: each an API over workflows, effects and the store that edges call (incidents/ is
 * the first; approvals, diagnostics, reports and security signals sit beside it).
 */
const FEATURES = ['incidents', 'approvals', 'diagnostics', 'reports', 'security', 'access'];
const layer = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

const outer = {
  main: folder('main', 'only the composition root (and the CLI) may know main.ts'),
  cli: folder('cli', 'nothing imports the CLI'),
  drill: folder('drill', 'the drill is a tool on top; nothing below imports it'),
  edges: folder('edges', 'edges are the outermost layer: nothing below them imports them'),
  features: FEATURES.map((f) => folder(f, `${f}/ is a feature API that edges call; it calls inward, never the other way`)),
  integrations: folder('integrations', 'vendors sit behind ports (src/effects/ports.ts); the core does not know them'),
  incidentMachine: folder('workflows/incident', 'effects are generic: they carry data, they do not know the incident machine'),
  engine: folder('engine', 'the engine composition is for main.ts and the drill'),
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.firebreak-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // domain/: pure types and rules — imports nothing outside domain/.
  layer(['src/domain/**'], [vendors, { regex: '^\\.\\./', message: 'domain/ is the centre: it imports nothing outside domain/' }]),
  // store/: the typed SQL API and its transports (the transports are the store's own vendors).
  layer(['src/store/**'], [
    outer.main, outer.cli, outer.drill, outer.edges, ...outer.features, outer.integrations, outer.engine,
    folder('workflows', 'the store knows only domain types'), folder('effects', 'the store knows only domain types'), folder('config', 'the store takes its settings as arguments'),
  ]),
  // workflows/: pure machines and the runner (which commits through the store).
  layer(['src/workflows/**'], [vendors, outer.main, outer.cli, outer.drill, outer.edges, ...outer.features, outer.integrations, outer.engine, folder('effects', 'machines emit effects as data; effects/ runs them')]),
  // effects/: effect types, ports, the outbox dispatcher.
  layer(['src/effects/**'], [vendors, outer.main, outer.cli, outer.drill, outer.edges, ...outer.features, outer.integrations, outer.incidentMachine, outer.engine]),
  // integrations/: one folder per vendor, implementing ports with domain types.
  layer(['src/integrations/**'], [
    outer.main, outer.cli, outer.drill, outer.edges, ...outer.features, outer.engine,
    folder('workflows', 'a vendor adapter knows domain types and ports, not workflows'), folder('store', 'a vendor adapter does not touch the store'),
  ]),
  // Feature modules (incidents/ and the ones beside it): APIs over workflows, effects and the store.
  layer(FEATURES.map((f) => `src/${f}/**`), [vendors, outer.main, outer.cli, outer.drill, outer.edges, outer.integrations, outer.engine]),
  // edges/: verify, parse, hand over to incidents/ — never straight to a workflow.
  layer(['src/edges/**'], [outer.main, outer.cli, outer.drill, outer.engine, folder('workflows', 'edges hand over to incidents/, never to a workflow directly')]),
  layer(['src/config/**', 'src/observability/**'], [outer.main, outer.cli, outer.drill, outer.edges, ...outer.features, outer.integrations, outer.engine, folder('workflows', 'config and observability are leaves')]),
);

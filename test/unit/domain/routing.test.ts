import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/domain/alert.js';
import { correlationKey, routeAlert, routeDeclaration, type RoutingConfig } from '../../../src/domain/routing.js';
import { mapSeverity, mergeSeverityMaps } from '../../../src/domain/severity.js';
import { SOURCE_SEVERITY_WORDS } from '../../../src/integrations/sources.js';

const alert = (over: Partial<Alert> = {}): Alert => ({
  source: 'datadog', key: 'k1', groupKey: null, status: 'firing', sourceSeverity: 'P2', title: 'CPU high',
  description: '', service: 'api', environment: 'prod', tags: { env: 'prod', team: 'core' }, links: [],
  startedAt: null, endedAt: null, raw: {}, ...over,
});

const cfg = (over: Partial<RoutingConfig> = {}): RoutingConfig => ({
  correlationWindowMs: 1_800_000,
  severityMap: SOURCE_SEVERITY_WORDS,
  defaults: { declare: 'sev2', policy: null, responders: [], correlateAcrossSources: false },
  rules: [],
  ...over,
});

describe('mapSeverity', () => {
  it("maps each source's own word, case-insensitively, with a per-source fallback", () => {
    expect(mapSeverity('datadog', 'P1', SOURCE_SEVERITY_WORDS)).toBe('sev1');
    expect(mapSeverity('sentry', 'Fatal', SOURCE_SEVERITY_WORDS)).toBe('sev1');
    expect(mapSeverity('alertmanager', 'warning', SOURCE_SEVERITY_WORDS)).toBe('sev3');
    expect(mapSeverity('pagerduty', 'high', SOURCE_SEVERITY_WORDS)).toBe('sev2');
    expect(mapSeverity('grafana', null, SOURCE_SEVERITY_WORDS)).toBe('sev3');
    expect(mapSeverity('generic', 'nonsense', SOURCE_SEVERITY_WORDS)).toBe('sev3');
  });

  it('lets config override and extend the built-in words', () => {
    const map = mergeSeverityMaps(SOURCE_SEVERITY_WORDS, { alertmanager: { Warning: 'sev2', '*': 'sev4' } });
    expect(mapSeverity('alertmanager', 'warning', map)).toBe('sev2');
    expect(mapSeverity('alertmanager', 'unheard-of', map)).toBe('sev4');
    expect(mapSeverity('alertmanager', 'critical', map)).toBe('sev1');
  });

  it("reads config's words over the source's own, as if the two were merged", () => {
    const config = mergeSeverityMaps({}, { alertmanager: { Warning: 'sev2', '*': 'sev4' } });
    for (const word of ['warning', 'unheard-of', 'critical', null]) {
      expect(mapSeverity('alertmanager', word, config, SOURCE_SEVERITY_WORDS)).toBe(mapSeverity('alertmanager', word, mergeSeverityMaps(SOURCE_SEVERITY_WORDS, config)));
    }
    expect(mapSeverity('datadog', 'P1', config, SOURCE_SEVERITY_WORDS)).toBe('sev1');
  });

  it('never takes a word or a source name from the object prototype', () => {
    expect(mapSeverity('generic', 'constructor', SOURCE_SEVERITY_WORDS)).toBe('sev3');
    expect(mapSeverity('toString', 'critical', SOURCE_SEVERITY_WORDS)).toBe('sev3');
  });
});

describe('routeAlert', () => {
  it('declares at the default threshold or worse, and stores milder alerts only', () => {
    expect(routeAlert(alert({ sourceSeverity: 'P2' }), cfg())).toMatchObject({ severity: 'sev2', declare: true, rule: null });
    expect(routeAlert(alert({ sourceSeverity: 'P3' }), cfg())).toMatchObject({ severity: 'sev3', declare: false });
  });

  it('takes the first matching rule: service, severity override, policy and threshold', () => {
    const rules = [
      { name: 'staging never pages', match: { tags: { env: 'staging' } }, declare: false as const },
      { name: 'checkout', match: { source: ['datadog' as const], tags: { env: 'prod' } }, service: 'checkout', severity: 'sev1' as const, policy: 'sre' },
      { name: 'catch-all', match: {}, policy: 'other' },
    ];
    expect(routeAlert(alert({ sourceSeverity: 'P4' }), cfg({ rules }))).toEqual({
      rule: 'checkout', service: 'checkout', severity: 'sev1', policy: 'sre', declare: true, responders: [], correlateAcrossSources: false,
    });
    expect(routeAlert(alert({ tags: { env: 'staging' }, sourceSeverity: 'P1' }), cfg({ rules }))).toMatchObject({ rule: 'staging never pages', declare: false });
    expect(routeAlert(alert({ source: 'sentry', sourceSeverity: 'error' }), cfg({ rules }))).toMatchObject({ rule: 'catch-all', policy: 'other', service: 'api' });
  });

  it('matches severity as "this or worse" and tags with a wildcard', () => {
    const rules = [{ name: 'bad', match: { severity: 'sev2' as const, tags: { team: '*' } }, declare: 'sev4' as const }];
    expect(routeAlert(alert({ sourceSeverity: 'P1' }), cfg({ rules })).rule).toBe('bad');
    expect(routeAlert(alert({ sourceSeverity: 'P3' }), cfg({ rules })).rule).toBeNull();
    expect(routeAlert(alert({ sourceSeverity: 'P1', tags: {} }), cfg({ rules })).rule).toBeNull();
  });
});

describe('routeDeclaration', () => {
  const rules = [
    { name: 'prod datadog', match: { source: ['datadog' as const] }, policy: 'from-alerts' },
    { name: 'tagged', match: { tags: { team: 'core' } }, policy: 'from-tags' },
    { name: 'checkout sev1', match: { service: ['checkout'], severity: 'sev1' as const }, policy: 'checkout-urgent' },
    { name: 'checkout', match: { service: ['checkout', 'payments'] }, policy: 'checkout' },
    { name: 'any sev1', match: { severity: 'sev1' as const }, severity: 'sev2' as const, service: 'renamed', policy: 'major' },
  ];

  it("picks the service's rule, and a severity rule when the declaration is that severity or worse", () => {
    expect(routeDeclaration({ service: 'checkout', severity: 'sev2' }, cfg({ rules }))).toEqual({ rule: 'checkout', policy: 'checkout' });
    expect(routeDeclaration({ service: 'payments', severity: 'sev3' }, cfg({ rules }))).toEqual({ rule: 'checkout', policy: 'checkout' });
    expect(routeDeclaration({ service: 'checkout', severity: 'sev1' }, cfg({ rules }))).toEqual({ rule: 'checkout sev1', policy: 'checkout-urgent' });
    expect(routeDeclaration({ service: 'search', severity: 'sev1' }, cfg({ rules }))).toEqual({ rule: 'any sev1', policy: 'major' });
    expect(routeDeclaration({ service: null, severity: 'sev1' }, cfg({ rules }))).toEqual({ rule: 'any sev1', policy: 'major' });
  });

  it('skips rules that match on an alert source or tags: a declaration has neither', () => {
    const only = rules.slice(0, 2);
    expect(routeDeclaration({ service: 'api', severity: 'sev1' }, cfg({ rules: only, defaults: { declare: 'sev2', policy: 'default', responders: [], correlateAcrossSources: false } })))
      .toEqual({ rule: null, policy: 'default' });
  });

  it('falls back to the default policy (or none) when no rule applies, and when the rule names no policy', () => {
    const defaults = { declare: 'sev2' as const, policy: 'default', responders: [], correlateAcrossSources: false };
    expect(routeDeclaration({ service: 'search', severity: 'sev3' }, cfg({ rules, defaults }))).toEqual({ rule: null, policy: 'default' });
    expect(routeDeclaration({ service: 'search', severity: 'sev3' }, cfg({ rules }))).toEqual({ rule: null, policy: null });
    const quiet = [{ name: 'search', match: { service: ['search'] }, declare: false as const }, ...rules];
    expect(routeDeclaration({ service: 'search', severity: 'sev1' }, cfg({ rules: quiet, defaults }))).toEqual({ rule: 'search', policy: 'default' });
  });
});

describe('correlationKey', () => {
  it("prefers the source's own group, then the routed service within the source, then the alert itself", () => {
    const route = routeAlert(alert(), cfg());
    expect(correlationKey(alert({ source: 'alertmanager', groupKey: 'team-x/{}:{alertname="A"}' }), route)).toBe('group:alertmanager:team-x/{}:{alertname="A"}');
    expect(correlationKey(alert(), route)).toBe('source:datadog:service:api');
    expect(correlationKey(alert({ service: null }), { ...route, service: null })).toBe('alert:datadog:k1');
  });

  it('keeps two sources apart by default, even for the same service', () => {
    const generic = alert({ source: 'generic', sourceSeverity: 'sev2' });
    expect(correlationKey(generic, routeAlert(generic, cfg()))).not.toBe(correlationKey(alert(), routeAlert(alert(), cfg())));
  });

  it('lets sources share a service key when routing says so, globally or per rule', () => {
    const across = cfg({ defaults: { declare: 'sev2', policy: null, responders: [], correlateAcrossSources: true } });
    const sentry = alert({ source: 'sentry', sourceSeverity: 'error' });
    expect(correlationKey(alert(), routeAlert(alert(), across))).toBe('service:api');
    expect(correlationKey(sentry, routeAlert(sentry, across))).toBe('service:api');

    // Only the rule for datadog and sentry opts in: a generic alert for the same service stays apart.
    const perRule = cfg({ rules: [{ name: 'ours', match: { source: ['datadog', 'sentry'] }, correlateAcrossSources: true }] });
    const generic = alert({ source: 'generic', sourceSeverity: 'sev2' });
    expect(routeAlert(sentry, perRule).correlateAcrossSources).toBe(true);
    expect(correlationKey(sentry, routeAlert(sentry, perRule))).toBe(correlationKey(alert(), routeAlert(alert(), perRule)));
    expect(correlationKey(generic, routeAlert(generic, perRule))).toBe('source:generic:service:api');
  });
});

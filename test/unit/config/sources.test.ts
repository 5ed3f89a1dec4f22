import { describe, expect, it } from 'vitest';
import { parseFileConfig } from '../../../src/config/file.js';
import { incidentSettings } from '../../../src/incidents/settings.js';

const parse = (text: string) => parseFileConfig(text, 'firebreak.yaml');

describe('sources in firebreak.yaml', () => {
  it('takes allow_from per source and trusted proxies, as written', () => {
    const r = parse('sources:\n  trusted_proxies: [10.0.0.1]\n  generic:\n    allow_from: [10.0.0.0/8, "2001:db8::/32", 192.0.2.7]\n');
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.value.sources.trustedProxies).toEqual(['10.0.0.1']);
    expect(r.value.sources.bySource.generic.allowFrom).toEqual(['10.0.0.0/8', '2001:db8::/32', '192.0.2.7']);
    expect(r.value.sources.bySource.datadog.allowFrom).toBeNull();
  });

  it('names each bad range, an empty list and an unknown source on its line', () => {
    const r = parse('sources:\n  generic:\n    allow_from: [10.0.0.0/33, example.com]\n  datadog:\n    allow_from: []\n  nagios: {}\n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      'sources.generic.allow_from[0] (line 3): expected an IP address or CIDR range like "10.0.0.0/8" or "2001:db8::/32", got "10.0.0.0/33"',
      'sources.generic.allow_from[1] (line 3): expected an IP address or CIDR range like "10.0.0.0/8" or "2001:db8::/32", got "example.com"',
      'sources.datadog.allow_from (line 5): list at least one address or range (to close a source, unset its variable)',
      'sources.nagios (line 6): unknown key',
    ]);
  });

  it('caps every source by default, lets a source override or switch a cap off, and refuses 0', () => {
    const r = parse('sources:\n  max_declarations_per_minute: 30\n  generic:\n    max_declarations_per_minute: 5\n  alertmanager:\n    max_alerts_per_delivery: false\n');
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const limits = incidentSettings(r.value).limits;
    expect(limits('generic')).toEqual({ maxAlertsPerDelivery: 1000, maxDeclarationsPerMinute: 5 });
    expect(limits('alertmanager')).toEqual({ maxAlertsPerDelivery: null, maxDeclarationsPerMinute: 30 });
    expect(limits('datadog')).toEqual({ maxAlertsPerDelivery: 1000, maxDeclarationsPerMinute: 30 });
    expect(limits('not-a-source')).toEqual({ maxAlertsPerDelivery: null, maxDeclarationsPerMinute: null });
    const zero = parse('sources:\n  max_alerts_per_delivery: 0\n');
    expect(!zero.ok && zero.errors).toEqual(['sources.max_alerts_per_delivery (line 2): expected at least 1, got 0']);
  });
});

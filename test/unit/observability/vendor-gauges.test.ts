import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerVendorGauges, type VendorBreakerFigures } from '../../../src/observability/vendor-gauges.js';

describe('vendor breaker gauges', () => {
  it('show each vendor’s breaker state, waiting effects and time down, and the always-listed vendors as closed', async () => {
    const registry = new Registry();
    let rows: VendorBreakerFigures[] = [{ vendor: 'slack', state: 'open', waiting: '42', down_ms: '90000' }];
    registerVendorGauges(registry, () => rows, ['slack', 'pagerduty']);
    const text = await registry.metrics();
    expect(text).toContain('firebreak_vendor_breaker_open{vendor="slack"} 1');
    expect(text).toContain('firebreak_vendor_breaker_open{vendor="pagerduty"} 0');
    expect(text).toContain('firebreak_vendor_waiting_effects{vendor="slack"} 42');
    expect(text).toContain('firebreak_vendor_down_seconds{vendor="slack"} 90');

    rows = [{ vendor: 'slack', state: 'closed', waiting: 0, down_ms: 0 }];
    const after = await registry.metrics();
    expect(after).toContain('firebreak_vendor_breaker_open{vendor="slack"} 0');
    expect(after).toContain('firebreak_vendor_waiting_effects{vendor="slack"} 0');
  });
});

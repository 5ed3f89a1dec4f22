// Observability: each vendor's breaker on /metrics — open or closed, and how many effects wait for
// it — read from what the vendor gate last read from the store (every replica shows the same).

import { Gauge, type Registry } from 'prom-client';

export interface VendorBreakerFigures {
  vendor: string;
  state: 'closed' | 'open';
  waiting: number | string;
  down_ms: number | string;
}

export function registerVendorGauges(registry: Registry, read: () => readonly VendorBreakerFigures[], always: readonly string[] = []): void {
  const figures = () => {
    const rows = new Map(read().map((b) => [b.vendor, b]));
    for (const v of always) if (!rows.has(v)) rows.set(v, { vendor: v, state: 'closed', waiting: 0, down_ms: 0 });
    return [...rows.values()];
  };
  new Gauge({
    name: 'firebreak_vendor_breaker_open',
    help: "1 while the vendor's breaker is open (its effects wait, nothing is sent), 0 when closed",
    labelNames: ['vendor'],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of figures()) this.set({ vendor: b.vendor }, b.state === 'open' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'firebreak_vendor_waiting_effects',
    help: 'Effects parked until the vendor comes back',
    labelNames: ['vendor'],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of figures()) this.set({ vendor: b.vendor }, Number(b.waiting));
    },
  });
  new Gauge({
    name: 'firebreak_vendor_down_seconds',
    help: "How long the vendor's breaker has been open; 0 when closed",
    labelNames: ['vendor'],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of figures()) this.set({ vendor: b.vendor }, Number(b.down_ms) / 1000);
    },
  });
}

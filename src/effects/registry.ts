// Effects: the catalog of effect types — their handlers for the dispatcher, their ordering and
// attempts for the runner's commit (it implements the workflows' EffectPolicy).
import type { EffectPolicy } from '../workflows/definition.js';
import { defaultEffectPolicy } from '../workflows/definition.js';
import type { EffectSpec } from './effect.js';

export class EffectRegistry implements EffectPolicy {
  private readonly specs = new Map<string, EffectSpec>();

  /**
   * `retryForMs` bounds retries by time (an effect older than it goes dead on its next failure), per
   * type in `retryForByType`; without it the count of attempts does (`maxAttempts`).
   */
  constructor(
    private readonly defaultMaxAttempts = 8,
    private readonly retryFor?: { defaultMs: number; byType?: Readonly<Record<string, number>> },
  ) {}

  define<P extends Record<string, unknown>>(type: string, spec: EffectSpec<P>): this {
    if (this.specs.has(type)) throw new Error(`effect type ${type} defined twice`);
    this.specs.set(type, spec as unknown as EffectSpec);
    return this;
  }

  get(type: string): EffectSpec | undefined {
    return this.specs.get(type);
  }

  types(): string[] {
    return [...this.specs.keys()];
  }

  orderingKey(type: string, params: Record<string, unknown>, workflowId: string): string | null {
    const spec = this.specs.get(type);
    if (spec?.orderingKey) return spec.orderingKey(params, workflowId);
    return defaultEffectPolicy.orderingKey(type, params, workflowId);
  }

  maxAttempts(type: string): number {
    return this.specs.get(type)?.maxAttempts ?? this.defaultMaxAttempts;
  }

  /** The time budget of this type's retries, or null when retries are bounded by attempts. */
  retryForMs(type: string): number | null {
    if (!this.retryFor) return null;
    return this.retryFor.byType?.[type] ?? this.specs.get(type)?.retryForMs ?? this.retryFor.defaultMs;
  }
}

// Observability: what the engine reports as it runs; /metrics and the bench implement it.

export type EffectOutcome = 'done' | 'retry' | 'dead';

export interface EngineObserver {
  stepCommitted?(kind: string, conflicts: number): void;
  workflowFailed?(kind: string, reason: string): void;
  /** Lateness of a delivered timer: its commit minus its deadline (claim lateness by the database clock + time since). */
  timerDelivered?(lateMs: number): void;
  effectFinished?(type: string, outcome: EffectOutcome, attempt: number, durationMs: number): void;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** One observer that tells several (metrics, error reporting). */
export function combineObservers(...observers: Array<EngineObserver | undefined>): EngineObserver {
  const all = observers.filter((o): o is EngineObserver => o !== undefined);
  return {
    stepCommitted: (kind, conflicts) => all.forEach((o) => o.stepCommitted?.(kind, conflicts)),
    workflowFailed: (kind, reason) => all.forEach((o) => o.workflowFailed?.(kind, reason)),
    timerDelivered: (lateMs) => all.forEach((o) => o.timerDelivered?.(lateMs)),
    effectFinished: (type, outcome, attempt, ms) => all.forEach((o) => o.effectFinished?.(type, outcome, attempt, ms)),
  };
}

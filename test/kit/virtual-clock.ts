// A clock for the pacer's tests and simulator: time moves only when every pending promise has
// settled, so runs are exact and instant. Erasable TypeScript: the simulator runs it with type stripping.

export class VirtualClock {
  time = 0;
  readonly #timers: { at: number; seq: number; resolve: () => void }[] = [];
  #seq = 0;
  /** Event-loop turns to let pass before each timer: more where work chains several promise hops. */
  readonly #settleTurns: number;
  constructor(options: { settleTurns?: number } = {}) {
    this.#settleTurns = options.settleTurns ?? 1;
  }
  readonly now = (): number => this.time;
  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => this.#timers.push({ at: this.time + Math.max(0, ms), seq: this.#seq++, resolve }));

  /** Fires timers in time order until none is left. */
  async run(): Promise<void> {
    for (;;) {
      for (let i = 0; i < this.#settleTurns; i++) await new Promise((resolve) => setImmediate(resolve));
      if (this.#timers.length === 0) return;
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const timer = this.#timers.shift()!;
      this.time = Math.max(this.time, timer.at);
      timer.resolve();
    }
  }
}

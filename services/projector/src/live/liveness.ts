/**
 * The projector's heartbeat, behind `/health`: ticked by every batch and, on an idle topic, by
 * a cheap broker round trip (kafkajs calls no handler when a fetch returns nothing, and the
 * Kafka port has no poll-cycle event). A batch stuck longer than the stale limit stops the
 * idle ticks, so `/health` fails on a hung consumer or an unreachable broker, not on
 * "no traffic".
 */
export class Liveness {
  #heartbeatAt: Date | undefined;
  /** Per partition whose batch is being applied, since when. */
  readonly #inFlight = new Map<number, number>();

  get heartbeatAt(): Date | undefined {
    return this.#heartbeatAt;
  }

  tick(): void {
    this.#heartbeatAt = new Date();
  }

  /** A batch of `partition` starts being applied (a tick). */
  begin(partition: number): void {
    this.#inFlight.set(partition, Date.now());
    this.tick();
  }

  end(partition: number): void {
    this.#inFlight.delete(partition);
  }

  /** Whether a batch has been applied for longer than `staleMs`: idle ticks stop then. */
  stuck(staleMs: number): boolean {
    return Date.now() - Math.min(...this.#inFlight.values()) > staleMs;
  }
}

import pg from 'pg';

/**
 * The channel announcing "orgId:campaignId" once a saved call is committed (the callbank sends it
 * after commit, gathered per process: platform/db/notify.ts), and at each check-in (0015).
 */
export const METRICS_CHANNEL = 'relais_metrics';

/** Called after changes; `since`: when the newest of them was heard (a result computed before is stale). */
type Listener = (since: number) => void;

export interface ListenHubOptions {
  /** How long notifications for one campaign are gathered before listeners hear of them. */
  debounceMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * One process's ear on the database: a single dedicated connection LISTENs to `relais_metrics`
 * and fans each notification out to the local subscribers of that organization and campaign (and
 * to the organization's whole-org subscribers). Since NOTIFY reaches every connection listening
 * on the database, every Relais process behind a load balancer hears every recorded call.
 *
 * The connection opens with the first subscriber and closes with the last; bursts (2,000 calls a
 * morning, several a second) are gathered per campaign for `debounceMs`, so a room screen redraws
 * at most a few times a second, always within a second of the call.
 *
 * @example
 * const hub = new ListenHub(database.appUrl);
 * const stop = await hub.subscribe(orgId, campaignId, () => pushFreshDashboard());
 */
export class ListenHub {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly latest = new Map<string, number>();
  private retry: NodeJS.Timeout | null = null;
  private readonly debounceMs: number;

  constructor(
    private readonly connectionString: string,
    private readonly options: ListenHubOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 200;
  }

  /**
   * Calls `listener` after calls are recorded in the campaign (`campaignId` null: any campaign of
   * the organization). Resolves once the connection listens, so nothing recorded after it is missed.
   */
  async subscribe(orgId: string, campaignId: string | null, listener: Listener): Promise<() => void> {
    const key = keyOf(orgId, campaignId);
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    try {
      await this.connect();
    } catch (error) {
      this.unsubscribe(key, listener);
      throw error;
    }
    return () => this.unsubscribe(key, listener);
  }

  /** How many subscribers this process serves (for tests and health pages). */
  get size(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** Closes the connection and forgets every subscriber. */
  async close(): Promise<void> {
    this.listeners.clear();
    await this.disconnect();
  }

  private unsubscribe(key: string, listener: Listener): void {
    const set = this.listeners.get(key);
    set?.delete(listener);
    if (set && set.size === 0) this.listeners.delete(key);
    if (this.listeners.size === 0) void this.disconnect();
  }

  private connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      if (message.channel === METRICS_CHANNEL && message.payload) this.notified(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    await client.connect();
    await client.query(`LISTEN ${METRICS_CHANNEL}`);
    this.client = client;
    if (this.listeners.size === 0) await this.disconnect();
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    if (error) this.options.onError?.(error);
    this.scheduleReconnect();
  }

  // Reconnect while someone watches; they catch up at the next notification.
  private scheduleReconnect(): void {
    if (this.listeners.size === 0 || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.listeners.size === 0) return;
      this.connect().catch((error: unknown) => {
        this.options.onError?.(error);
        this.scheduleReconnect();
      });
    }, 1000);
    this.retry.unref();
  }

  private async disconnect(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => {});
  }

  private notified(payload: string): void {
    const [orgId, campaignId] = payload.split(':');
    if (!orgId || !campaignId) return;
    for (const key of [keyOf(orgId, campaignId), keyOf(orgId, null)]) {
      if (!this.listeners.has(key)) continue;
      this.latest.set(key, Date.now());
      if (this.pending.has(key)) continue;
      const timer = setTimeout(() => {
        this.pending.delete(key);
        const since = this.latest.get(key) ?? Date.now();
        this.latest.delete(key);
        for (const listener of this.listeners.get(key) ?? []) listener(since);
      }, this.debounceMs);
      this.pending.set(key, timer);
    }
  }
}

function keyOf(orgId: string, campaignId: string | null): string {
  return `${orgId}:${campaignId ?? '*'}`;
}

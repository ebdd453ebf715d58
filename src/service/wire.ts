/**
 * How scan results cross from the worker thread to the extension host cheaply. The analyzer reuses the Endpoint
 * object of every endpoint an edit did not touch, so after a keystroke most endpoints are the same objects as
 * last time: those are sent as a number, and only the new ones are copied across the thread.
 */
import type { Endpoint, ScanResult } from '../analyzers/model';

export interface WireResult {
  result: Omit<ScanResult, 'endpoints'>;
  /** In order: the id of an endpoint the receiver already has, or a new endpoint with its id. */
  endpoints: (number | [id: number, endpoint: Endpoint])[];
}

/** The worker's side: remembers which endpoint objects the receiver holds, per folder. */
export class ResultEncoder {
  private readonly sent = new Map<string, Map<Endpoint, number>>();
  private nextId = 1;

  encode(folder: string, result: ScanResult): WireResult {
    const known = this.sent.get(folder) ?? new Map<Endpoint, number>();
    const current = new Map<Endpoint, number>();
    const endpoints: WireResult['endpoints'] = [];
    for (const endpoint of result.endpoints) {
      const id = known.get(endpoint);
      if (id !== undefined) {
        endpoints.push(id);
        current.set(endpoint, id);
      } else {
        const fresh = this.nextId++;
        endpoints.push([fresh, endpoint]);
        current.set(endpoint, fresh);
      }
    }
    // Only what the receiver holds now: it forgets the rest when it decodes this result.
    this.sent.set(folder, current);
    const { schemaVersion, root, apps, skipped, stats } = result;
    return { result: { schemaVersion, root, apps, skipped, stats }, endpoints };
  }

  /** Folders no longer open. */
  retain(folders: readonly string[]): void {
    for (const folder of [...this.sent.keys()]) if (!folders.includes(folder)) this.sent.delete(folder);
  }
}

/** The extension host's side: turns ids back into the endpoints it received earlier. */
export class ResultDecoder {
  private readonly held = new Map<string, Map<number, Endpoint>>();

  decode(folder: string, wire: WireResult): ScanResult {
    const known = this.held.get(folder);
    const current = new Map<number, Endpoint>();
    const endpoints: Endpoint[] = [];
    for (const item of wire.endpoints) {
      if (typeof item === 'number') {
        const endpoint = known?.get(item);
        // The encoder only sends ids it sent before; a miss means the two sides drifted apart.
        if (!endpoint) throw new Error(`endpoint #${item} of ${folder} was never received`);
        endpoints.push(endpoint);
        current.set(item, endpoint);
      } else {
        endpoints.push(item[1]);
        current.set(item[0], item[1]);
      }
    }
    this.held.set(folder, current);
    return { ...wire.result, endpoints };
  }

  /** The sender started over (a new worker): nothing it sends refers to what came before. */
  reset(): void {
    this.held.clear();
  }
}

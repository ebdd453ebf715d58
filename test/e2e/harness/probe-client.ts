/** The runner's side of the probe: one loopback HTTP request per check or operation, each with a time limit. */
import type { HostCheckKey, ProbeRequest, ProbeResponse } from '../probe/check-names';

export class ProbeError extends Error {}

export class ProbeClient {
  constructor(private readonly port: number) {}

  private async send(request: ProbeRequest, timeoutMs: number): Promise<unknown> {
    const response = await fetch(`http://127.0.0.1:${this.port}/`, {
      method: 'POST',
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as ProbeResponse;
    // The host's stack starts with the assertion message: that is the test's failure message.
    if (!body.ok) throw new ProbeError(`in the extension host: ${body.error}`);
    return body.value;
  }

  /** Runs one of checks.ts in the extension host; throws its failure. */
  check(name: HostCheckKey, timeoutMs = 150_000): Promise<unknown> {
    return this.send({ kind: 'check', name }, timeoutMs);
  }

  op<T = unknown>(name: string, ...args: unknown[]): Promise<T> {
    return this.send({ kind: 'op', name, args }, 60_000) as Promise<T>;
  }
}

import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerRequest } from './analysis-worker';
import type { ScanResult } from '../analyzers/model';
import type { AnalysisEngine, AnalysisRequest, FirstLookRequest, FolderReply, ProgressListener } from './engine';
import { ResultDecoder } from './wire';

/** A first look slower than this is no use: the cold scan is about to answer. */
const FIRST_LOOK_TIMEOUT_MS = 30_000;

interface Pending {
  resolve(replies: FolderReply[]): void;
  reject(error: Error): void;
  onProgress?: ProgressListener;
}

/**
 * Runs the analysis in a worker thread (dist/analysis-worker.js), so the extension host stays responsive during
 * a cold scan. If the worker dies, the requests in flight fail (the service logs it) and the next request starts
 * a new worker, which is sent every unsaved text again and scans from scratch.
 */
export class WorkerEngine implements AnalysisEngine {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly decoder = new ResultDecoder();
  /** Every unsaved text the worker should hold: a new worker is sent all of them. */
  private readonly unsaved = new Map<string, string>();
  private nextId = 1;
  /** Short-lived workers answering first looks. */
  private readonly lookers = new Set<Worker>();
  private disposed = false;

  constructor(
    private readonly workerPath: string,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  analyse(request: AnalysisRequest, onProgress?: ProgressListener): Promise<FolderReply[]> {
    if (this.disposed) return Promise.reject(new Error('the analysis engine was disposed'));
    for (const [path, text] of request.unsaved) {
      if (text === null) this.unsaved.delete(path);
      else this.unsaved.set(path, text);
    }
    let worker = this.worker;
    let toSend = request;
    if (!worker) {
      worker = this.start();
      toSend = { ...request, unsaved: [...this.unsaved] };
    }
    const id = this.nextId++;
    // Kept alive while it works, so a caller awaiting the reply is not cut short; idle, it holds nothing open.
    worker.ref();
    return new Promise<FolderReply[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(onProgress && { onProgress }) });
      worker.postMessage({ type: 'analyse', id, request: toSend } satisfies WorkerRequest);
    });
  }

  /**
   * In a worker of its own, started for this and stopped after: the main worker may be in the middle of a cold
   * scan, which a synchronous analyzer cannot interrupt. No answer in time, or a failure, is no first look.
   */
  firstLook(request: FirstLookRequest): Promise<ScanResult | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    const worker = new Worker(this.workerPath);
    this.lookers.add(worker);
    return new Promise<ScanResult | undefined>((resolve) => {
      const finish = (result: ScanResult | undefined) => {
        clearTimeout(timer);
        this.lookers.delete(worker);
        void worker.terminate();
        resolve(result);
      };
      const timer = setTimeout(() => finish(undefined), FIRST_LOOK_TIMEOUT_MS);
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'first-look') finish(message.result);
      });
      worker.on('error', (error) => {
        this.log(`first look failed: ${error.message}`);
        finish(undefined);
      });
      worker.on('exit', () => finish(undefined));
      worker.postMessage({ type: 'first-look', request } satisfies WorkerRequest);
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const worker of this.lookers) void worker.terminate();
    this.lookers.clear();
    this.stop(new Error('the analysis engine was disposed'));
  }

  private start(): Worker {
    const worker = new Worker(this.workerPath);
    this.decoder.reset();
    worker.on('message', (message: WorkerMessage) => this.receive(message));
    worker.on('error', (error) => {
      this.log(`analysis worker failed: ${error.stack ?? error.message}`);
      if (this.worker === worker) this.stop(error);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.log(`analysis worker stopped (exit code ${code})`);
      this.stop(new Error(`the analysis worker stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private stop(error: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private receive(message: WorkerMessage): void {
    if (message.type === 'first-look') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === 'progress') {
      pending.onProgress?.(message.done, message.total, message.phase);
      return;
    }
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker?.unref();
    try {
      pending.resolve(message.replies.map((reply) => (reply.kind === 'failed' ? reply : { folder: reply.folder, kind: reply.kind, durationMs: reply.durationMs, result: this.decoder.decode(reply.folder, reply.wire) })));
    } catch (error) {
      // The two sides drifted apart: start over with a new worker rather than show a wrong model.
      this.stop(error as Error);
      pending.reject(error as Error);
    }
  }
}

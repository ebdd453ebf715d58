import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { LookReply, LookRequest, WorkerData, WorkerMessage, WorkerRequest } from './analysis-worker';
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
  /** This side of the worker's channel for first looks. */
  private looks: MessagePort | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly pendingLooks = new Map<number, (result: ScanResult | undefined) => void>();
  private readonly decoder = new ResultDecoder();
  /** Every unsaved text the worker should hold: a new worker is sent all of them. */
  private readonly unsaved = new Map<string, string>();
  /** Whether the current worker was sent every unsaved text (a worker started by a first look was not). */
  private workerHasUnsaved = false;
  private nextId = 1;
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
    const worker = this.worker ?? this.start();
    let toSend = request;
    if (!this.workerHasUnsaved) {
      toSend = { ...request, unsaved: [...this.unsaved] };
      this.workerHasUnsaved = true;
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
   * Sent to the same worker on a channel of its own: a cold scan in progress answers it at its next checkpoint
   * (between two files), an idle worker at once. No answer in time, or a failure, is no first look.
   */
  firstLook(request: FirstLookRequest): Promise<ScanResult | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    if (!this.worker) this.start();
    const looks = this.looks!;
    const id = this.nextId++;
    return new Promise<ScanResult | undefined>((resolve) => {
      const timer = setTimeout(() => finish(undefined), FIRST_LOOK_TIMEOUT_MS);
      const finish = (result: ScanResult | undefined) => {
        clearTimeout(timer);
        this.pendingLooks.delete(id);
        resolve(result);
      };
      this.pendingLooks.set(id, finish);
      looks.postMessage({ id, request } satisfies LookRequest);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.stop(new Error('the analysis engine was disposed'));
  }

  private start(): Worker {
    const channel = new MessageChannel();
    const worker = new Worker(this.workerPath, { workerData: { looks: channel.port2 } satisfies WorkerData, transferList: [channel.port2] });
    this.decoder.reset();
    this.workerHasUnsaved = false;
    channel.port1.on('message', (reply: LookReply) => this.pendingLooks.get(reply.id)?.(reply.result));
    // Never what keeps a process alive: a pending look has its timer.
    channel.port1.unref();
    this.looks = channel.port1;
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
    this.looks?.close();
    this.looks = undefined;
    for (const finish of [...this.pendingLooks.values()]) finish(undefined);
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private receive(message: WorkerMessage): void {
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

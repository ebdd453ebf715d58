/**
 * The worker thread's entry (bundled to dist/analysis-worker.js): hosts the analyzer so a cold scan of a large
 * workspace never blocks the extension host, and sends results back as deltas (see wire.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { ScanResult } from '../analyzers/model';
import type { AnalysisRequest, FirstLookRequest, FolderReply } from './engine';
import { InProcessEngine, firstLookNow } from './in-process-engine';
import { ResultEncoder, type WireResult } from './wire';

export type WorkerRequest = { type: 'analyse'; id: number; request: AnalysisRequest } | { type: 'first-look'; request: FirstLookRequest };

/** A folder's reply with its result as a delta. */
export type WireFolderReply = { folder: string; kind: 'scanned' | 'updated'; wire: WireResult; durationMs: number } | Extract<FolderReply, { kind: 'failed' }>;

export type WorkerMessage =
  | { type: 'progress'; id: number; done: number; total: number; phase: string }
  | { type: 'reply'; id: number; replies: WireFolderReply[] }
  | { type: 'first-look'; result: ScanResult | undefined };

const port = parentPort;
if (port) {
  const engine = new InProcessEngine();
  const encoder = new ResultEncoder();
  port.on('message', (message: WorkerRequest) => {
    // A short-lived worker of its own answers a first look, beside the one busy with the cold scan.
    if (message.type === 'first-look') {
      port.postMessage({ type: 'first-look', result: firstLookNow(message.request) } satisfies WorkerMessage);
      return;
    }
    const { id, request } = message;
    const send = (reply: WorkerMessage) => port.postMessage(reply);
    const replies = engine.analyseNow(request, (done, total, phase) => send({ type: 'progress', id, done, total, phase }));
    encoder.retain(request.folders);
    send({
      type: 'reply',
      id,
      replies: replies.map((reply) => {
        if (reply.kind === 'failed') return reply;
        const { result, ...rest } = reply;
        return { ...rest, wire: encoder.encode(reply.folder, result) };
      }),
    });
  });
}

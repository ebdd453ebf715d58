/**
 * The worker thread's entry (bundled to dist/analysis-worker.js): hosts the analyzer so a cold scan of a large
 * workspace never blocks the extension host, and sends results back as deltas (see wire.ts).
 */
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { ScanResult } from '../analyzers/model';
import type { AnalysisRequest, FirstLookRequest, FolderReply } from './engine';
import { InProcessEngine, firstLookNow } from './in-process-engine';
import { ResultEncoder, type WireResult } from './wire';

export type WorkerRequest = { type: 'analyse'; id: number; request: AnalysisRequest };

/** A folder's reply with its result as a delta. */
export type WireFolderReply = { folder: string; kind: 'scanned' | 'updated'; wire: WireResult; durationMs: number } | Extract<FolderReply, { kind: 'failed' }>;

export type WorkerMessage = { type: 'progress'; id: number; done: number; total: number; phase: string } | { type: 'reply'; id: number; replies: WireFolderReply[] };

/** First looks travel on a channel of their own, so a scan in progress can take them out of turn (see below). */
export interface WorkerData {
  looks: MessagePort;
}
export interface LookRequest {
  id: number;
  request: FirstLookRequest;
}
export interface LookReply {
  id: number;
  result: ScanResult | undefined;
}

const port = parentPort;
const looks = (workerData as WorkerData | undefined)?.looks;
if (port && looks) {
  const engine = new InProcessEngine();
  const encoder = new ResultEncoder();
  const answer = (look: LookRequest) => looks.postMessage({ id: look.id, result: firstLookNow(look.request) } satisfies LookReply);
  // Idle: answered as they come. During a scan (synchronous, the event loop waits): taken at its checkpoints,
  // between files, so a file opened while a large workspace is scanned gets its lenses in well under a second,
  // without a second thread competing with the scan for the CPU.
  looks.on('message', answer);
  const answerWaitingLooks = () => {
    for (let waiting = receiveMessageOnPort(looks); waiting; waiting = receiveMessageOnPort(looks)) answer(waiting.message as LookRequest);
  };
  port.on('message', ({ id, request }: WorkerRequest) => {
    const send = (reply: WorkerMessage) => port.postMessage(reply);
    const replies = engine.analyseNow(request, (done, total, phase) => send({ type: 'progress', id, done, total, phase }), answerWaitingLooks);
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

/** What the editor benchmark loads (bundled to .bench/editor-entry.js): the service as the extension runs it. */
export { BoundaryService } from '../src/service/boundary-service';
export { WorkerEngine } from '../src/service/worker-engine';

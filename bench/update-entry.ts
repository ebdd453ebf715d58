/**
 * What the edit benchmark loads (bundled to .bench/update-entry.js, `typescript` external, `vscode` aliased to
 * bench/vscode-stub.ts): the analyzer, and the service with the real CodeLens provider over it.
 */
export { WorkspaceAnalyzer } from '../src/analyzers/index';
export { BoundaryService } from '../src/service/boundary-service';
export { InProcessEngine } from '../src/service/in-process-engine';
export { register as registerCodeLens } from '../src/features/codeLens';
export { registeredLensProviders, textDocument } from './vscode-stub';

/** What the update benchmark's child loads (bundled to .bench/update-entry.js, `typescript` external). */
export { WorkspaceAnalyzer } from '../src/analyzers/index';

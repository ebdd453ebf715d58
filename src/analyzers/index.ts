export { analyzeWorkspace, scanSync } from './analyze';
export { type ScanOptions, WorkspaceAnalyzer } from './workspace-analyzer';
export { type FileHost, nodeFileHost, overlayHost } from './host';
export { allRules, findRule } from './rules';
export * from './model';

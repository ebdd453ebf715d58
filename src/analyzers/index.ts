export { analyzeWorkspace, scanSync, type ScanOptions } from './analyze';
export { type FileHost, nodeFileHost, overlayHost } from './host';
export { allRules, findRule } from './rules';
export * from './model';

/**
 * The editor's baseline (`nextBoundary.baseline`): which file a folder's setting names, what reading it gave, what
 * to tell the output log about it, and the folder's scan seen through it. A baseline that cannot be used changes
 * nothing: every finding is shown as if none were set. Pure: no `vscode` import; the feature reads the file.
 */
import { isAbsolute, resolve } from 'node:path';
import type { ScanResult } from '../analyzers/model';
import { compareWithBaseline } from '../baseline/compare';
import { type Baseline, parseBaseline } from '../baseline/file';
import { plural } from './labels';
import type { BaselineFindingsSetting } from './settings';

export type BaselineState =
  | { status: 'none' }
  | { status: 'loaded'; file: string; baseline: Baseline }
  /** Set but missing or malformed: `problem` says which, for the log. */
  | { status: 'unusable'; file: string; problem: string };

/** What reading the file gave: its text, or why there is none. */
export type BaselineRead = { text: string } | { missing: true } | { error: string };

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

/** The absolute (POSIX) path of the baseline a folder's setting names; undefined when the setting is empty. */
export function baselineFileOf(folder: string, setting: string): string | undefined {
  if (setting === '') return undefined;
  return toPosix(isAbsolute(setting) ? resolve(setting) : resolve(folder, setting));
}

export function baselineStateOf(file: string, read: BaselineRead): BaselineState {
  if ('missing' in read) return { status: 'unusable', file, problem: 'file not found' };
  if ('error' in read) return { status: 'unusable', file, problem: `cannot be read: ${read.error}` };
  const parsed = parseBaseline(read.text);
  return parsed.ok ? { status: 'loaded', file, baseline: parsed.baseline } : { status: 'unusable', file, problem: parsed.error };
}

export interface BaselineLogLine {
  level: 'info' | 'warn';
  message: string;
}

/**
 * The output log's line for a folder's baseline state. The feature logs it when it differs from the last one, so
 * a broken file is told once per change, not on every re-scan, and a folder without a baseline says nothing.
 */
export function baselineLogLine(folder: string, state: BaselineState, findings: BaselineFindingsSetting): BaselineLogLine {
  switch (state.status) {
    case 'none':
      return { level: 'info', message: `${folder}: no baseline (nextBoundary.baseline is empty); every finding is shown` };
    case 'loaded':
      return {
        level: 'info',
        message: `${folder}: baseline ${state.file} records ${plural(state.baseline.findings.length, 'finding')}; those still found are ${findings === 'hide' ? 'hidden' : 'shown as hints'}`,
      };
    case 'unusable':
      return {
        level: 'warn',
        message: `${folder}: baseline ${state.file} not used (${state.problem}); every finding is shown. Write it with \`next-boundary baseline\` or change nextBoundary.baseline.`,
      };
  }
}

/**
 * The folder's scan seen through its baseline: findings the baseline records move to `baselined`. Unchanged when no
 * baseline is set or it is unusable, so a broken file never hides a finding.
 */
export function withBaseline<T extends Pick<ScanResult, 'endpoints'>>(result: T, folder: string, state: BaselineState): T {
  if (state.status !== 'loaded') return result;
  return compareWithBaseline(result, state.baseline, { scanRoot: folder, baselineFile: state.file }).result;
}

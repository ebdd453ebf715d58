/**
 * `nextBoundary.*` settings → the analyzer's ScanOptions. Settings arrive untyped from the editor (a
 * hand-edited settings.json can hold anything), so every value is checked here. Pure: no `vscode` import.
 */
import type { ScanOptions } from '../analyzers';

export type SeveritySetting = 'error' | 'warning' | 'info' | 'off';

/** The settings that change what the analyzer finds; a change to any of them re-scans. */
export const ANALYSIS_SETTINGS = ['guards', 'wrappers', 'publicPaths', 'exclude', 'severity'] as const;

/** Reads one setting (the feature passes `WorkspaceConfiguration.get`). */
export type SettingReader = (key: string) => unknown;

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim().length > 0).map((item) => item.trim()) : [];
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'off'];

function severities(value: unknown): Record<string, SeveritySetting> {
  const result: Record<string, SeveritySetting> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return result;
  for (const [rule, severity] of Object.entries(value as Record<string, unknown>)) {
    if (typeof severity === 'string' && SEVERITIES.includes(severity)) result[rule] = severity as SeveritySetting;
  }
  return result;
}

export function scanOptionsFromSettings(read: SettingReader): Required<Pick<ScanOptions, 'config' | 'severities'>> {
  return {
    config: {
      guards: stringList(read('guards')),
      wrappers: stringList(read('wrappers')),
      publicPaths: stringList(read('publicPaths')),
      exclude: stringList(read('exclude')),
    },
    severities: severities(read('severity')),
  };
}

/** The baseline settings: they change what is shown, not what is found, so a change re-applies without a re-scan. */
export const BASELINE_SETTINGS = ['baseline', 'baselineFindings'] as const;

/** How findings the baseline records are shown: as Hint diagnostics, or not at all. */
export type BaselineFindingsSetting = 'hint' | 'hide';

export interface BaselineSettings {
  /** The baseline file as written (trimmed), relative to the workspace folder; '' when none is set. */
  file: string;
  findings: BaselineFindingsSetting;
}

export function baselineSettingsFromSettings(read: SettingReader): BaselineSettings {
  const file = read('baseline');
  const findings = read('baselineFindings');
  return {
    file: typeof file === 'string' ? file.trim() : '',
    findings: findings === 'hide' ? 'hide' : 'hint',
  };
}

/**
 * One diagnostic per finding, on the export's name: the rule id is the code (linking to its explanation
 * in the README), the severity is the user's (`nextBoundary.severity`, applied by the analyzer), and the
 * evidence the rule saw is attached as related information. Suppressed findings never appear; findings the
 * folder's baseline records (`nextBoundary.baseline`) are hints, or left out (`nextBoundary.baselineFindings`).
 */
import * as vscode from 'vscode';
import type { BoundaryService } from '../service/boundary-service';
import { DIAGNOSTIC_SOURCE, type DescriptorSeverity, type DiagnosticDescriptor, diagnosticDescriptors, findingFiles } from '../views/diagnostics';
import type { LineSource } from '../views/positions';
import type { FolderBaselines } from './baseline';
import { Disposable } from './util/dispose';
import { locationOf, uriOf } from './util/paths';
import { currentLines, toRange } from './util/text';

const SEVERITY: Record<DescriptorSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

function toDiagnostic(folder: string, descriptor: DiagnosticDescriptor): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(descriptor.range), descriptor.message, SEVERITY[descriptor.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: descriptor.code, target: vscode.Uri.parse(descriptor.href) };
  diagnostic.relatedInformation = descriptor.related.map(
    (related) => new vscode.DiagnosticRelatedInformation(locationOf(folder, related), related.message),
  );
  return diagnostic;
}

class BoundaryDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('next-boundary'));
  /** Bumped on every model change; an update that finds it changed drops its work. */
  private generation = 0;

  constructor(
    private readonly service: BoundaryService,
    private readonly log: vscode.LogOutputChannel,
    private readonly baselines: FolderBaselines,
  ) {
    super();
    this.register(service.onDidChange(() => this.refresh()));
    this.register(baselines.onDidChange(() => this.refresh()));
    this.refresh();
  }

  private refresh(): void {
    const generation = ++this.generation;
    this.update(generation).catch((error: unknown) => this.log.error('diagnostics update failed', error));
  }

  private async update(generation: number): Promise<void> {
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const [folder, result] of this.service.snapshot.folders) {
      // A folder nested in another is scanned by both: its files belong to the innermost one.
      const endpoints = this.baselines.apply(folder, result).endpoints.filter((endpoint) => this.service.folderOf(`${folder}/${endpoint.file}`) === folder);
      const options = { baselined: this.baselines.baselinedFindings(folder) };
      const files = findingFiles(endpoints, options);
      const texts = new Map<string, LineSource | undefined>(await Promise.all(files.map(async (file) => [file, await currentLines(uriOf(folder, file))] as const)));
      if (generation !== this.generation || this.isDisposed) return;
      for (const [file, descriptors] of diagnosticDescriptors(endpoints, (file) => texts.get(file), options)) {
        entries.push([uriOf(folder, file), descriptors.map((descriptor) => toDiagnostic(folder, descriptor))]);
      }
    }
    this.collection.clear();
    this.collection.set(entries);
  }
}

export function register(service: BoundaryService, log: vscode.LogOutputChannel, baselines: FolderBaselines): vscode.Disposable {
  return new BoundaryDiagnostics(service, log, baselines);
}

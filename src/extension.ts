import * as vscode from 'vscode';

/** Wires the features; each feature lives in src/features/ and returns a Disposable. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Next Boundary', { log: true });
  context.subscriptions.push(output);
  output.info('Next Boundary activated');
}

export function deactivate(): void {}

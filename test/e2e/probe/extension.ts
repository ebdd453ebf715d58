/**
 * A test-only extension installed next to Next Boundary in the real editor (code-server). When the runner
 * sets NB_E2E_PROBE_FILE, it listens on a loopback port (written to that file) and runs what the runner
 * asks: an in-host check from checks.ts, or a small operation the browser-driven tests need (open a file,
 * read a document's text, put the workspace back). Without the variable it does nothing.
 */
import { writeFileSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import * as vscode from 'vscode';
import { HOST_CHECKS, NO_SNAPSHOT_ENV, PROBE_ENV, type ProbeRequest, type ProbeResponse } from './check-names';
import { type WorkspaceSnapshot, fileUri, hostChecks, lenses, ready, restoreWorkspace, snapshot } from './checks';

type Operation = (...args: never[]) => Promise<unknown>;

function operations(baseline: WorkspaceSnapshot): Record<string, Operation> {
  return {
    ready: () => ready(),
    async open(path: string) {
      await vscode.window.showTextDocument(fileUri(path), { preview: false });
    },
    /** Opens the file with the cursor on the line of the `occurrence`-th (1-based) `text`. */
    async select(path: string, text: string, occurrence = 1) {
      const document = await vscode.workspace.openTextDocument(fileUri(path));
      let offset = -1;
      for (let seen = 0; seen < occurrence; seen++) offset = document.getText().indexOf(text, offset + 1);
      if (offset < 0) throw new Error(`${path} has no occurrence ${occurrence} of "${text}"`);
      const position = document.positionAt(offset);
      await vscode.window.showTextDocument(document, { preview: false, selection: new vscode.Range(position, position) });
    },
    async text(path: string) {
      return (await vscode.workspace.openTextDocument(fileUri(path))).getText();
    },
    async isDirty(path: string) {
      return (await vscode.workspace.openTextDocument(fileUri(path))).isDirty;
    },
    async createFile(path: string, text: string) {
      await vscode.workspace.fs.writeFile(fileUri(path), new TextEncoder().encode(text));
    },
    async lenses(path: string) {
      return (await lenses(fileUri(path))).map((lens) => `${lens.line}: ${lens.title}`);
    },
    async command(id: string, ...args: unknown[]) {
      return vscode.commands.executeCommand(id, ...args);
    },
    /** Back to the fixture as copied: no unsaved edits, no new or changed files, no open editors. */
    reset: () => restoreWorkspace(baseline),
  };
}

async function handle(request: ProbeRequest, ops: Record<string, Operation>): Promise<unknown> {
  if (request.kind === 'check') {
    const check = hostChecks.find((item) => item.key === request.name);
    if (!check) throw new Error(`no check "${request.name}"; known: ${Object.keys(HOST_CHECKS).join(', ')}`);
    return check.run();
  }
  const op = ops[request.name];
  if (!op) throw new Error(`no operation "${request.name}"`);
  return (op as (...args: unknown[]) => Promise<unknown>)(...request.args);
}

function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    message.setEncoding('utf8');
    message.on('data', (chunk: string) => (body += chunk));
    message.on('end', () => resolve(body));
    message.on('error', reject);
  });
}

function reply(response: ServerResponse, body: ProbeResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const portFile = process.env[PROBE_ENV];
  if (!portFile) return;
  // A timing run opens a large generated app it never edits: no snapshot to read while the editor starts.
  const ops = operations(process.env[NO_SNAPSHOT_ENV] ? { files: new Map(), folders: new Set() } : await snapshot());
  const server = createServer((message, response) => {
    readBody(message)
      .then((body) => handle(JSON.parse(body) as ProbeRequest, ops))
      .then(
        (value) => reply(response, { ok: true, value: value ?? null }),
        (error: unknown) => reply(response, { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address && typeof address === 'object') writeFileSync(portFile, JSON.stringify({ port: address.port, vscode: vscode.version }));
  });
  context.subscriptions.push({ dispose: () => server.close() });
}

export function deactivate(): void {}

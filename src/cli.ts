import { analyzeWorkspace } from './analyzers';

async function main(): Promise<void> {
  const result = await analyzeWorkspace(process.argv[3] ?? '.');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`next-boundary: ${String(error)}\n`);
  process.exit(2);
});

/** Types of generate-app.mjs for the TypeScript that imports it (the real-editor suite's first-lens timing). */
export const GENERATOR_VERSION: number;
export const DEFAULT_FILES: number;
export function generateApp(outDir: string, options?: { files?: number; seed?: number }): unknown;

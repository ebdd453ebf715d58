import ts from 'typescript';
import { lineOf } from './ast';

export interface Suppression {
  rules: string[];
  reason?: string;
  line: number;
}

const IGNORE_RE = /next-boundary-ignore\s+([\w-]+(?:\s*,\s*[\w-]+)*)\s*(?::\s*(.*?))?\s*(?:\*\/|$)/;

/** `// next-boundary-ignore <rule>[, <rule>]: <reason>` comments directly above a statement. */
export function suppressionsAbove(sourceFile: ts.SourceFile, node: ts.Node): Suppression[] {
  const text = sourceFile.text;
  const found: Suppression[] = [];
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  for (const range of ranges) {
    const comment = text.slice(range.pos, range.end);
    for (const raw of comment.split('\n')) {
      const match = IGNORE_RE.exec(raw);
      if (!match) continue;
      const reason = match[2]?.replace(/\*\/\s*$/, '').trim();
      found.push({
        rules: match[1].split(',').map((rule) => rule.trim()),
        ...(reason ? { reason } : {}),
        line: lineOf(sourceFile, range.pos + comment.indexOf(raw)),
      });
    }
  }
  return found;
}

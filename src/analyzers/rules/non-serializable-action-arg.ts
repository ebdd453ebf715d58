import { majorVersion } from '../app-settings';
import type { NextApp, NonSerializableKind } from '../model';
import type { Rule, RuleReport } from './rule';

/**
 * Map and Set reached React's Flight protocol in facebook/react#26933 (June 2023); before that they arrived as plain
 * arrays. Next.js 14 ships a React canary that has them. An unreadable version (a workspace or catalog range) is taken
 * as current.
 */
function sendsMapAndSet(app: NextApp): boolean {
  const major = majorVersion(app.nextVersion);
  return major === undefined || major >= 14;
}

function fix(kind: NonSerializableKind): string {
  switch (kind) {
    case 'function':
      return 'pass data and keep the function on its side (only other Server Actions can be passed)';
    case 'class-instance':
      return 'pass a plain object (its fields) and rebuild the instance on the other side';
    case 'object-with-methods':
      return 'pass the data only: methods do not cross';
    case 'symbol':
      return 'pass a string, or a Symbol.for() symbol';
    case 'jsx':
      return 'pass the data and render it on the client';
    case 'map-or-set':
      return `pass an array or a plain object (this app's Next.js version sends Map and Set as arrays)`;
  }
}

export const nonSerializableActionArg: Rule = {
  id: 'non-serializable-action-arg',
  description:
    "A Server Action parameter or return value that React cannot send over the network (a function that is not an action, a class instance, an object with methods, a symbol, Map/Set on older Next.js), from the type checker; and such values passed to it from client components.",
  defaultSeverity: 'warning',
  check({ endpoint, app }) {
    if (endpoint.kind !== 'action') return [];
    const mapAndSet = sendsMapAndSet(app);
    const reports: RuleReport[] = [];
    for (const item of endpoint.signals?.nonSerializable ?? []) {
      if (item.kind === 'map-or-set' && mapAndSet) continue;
      const what = item.position === 'parameter' ? `Its ${item.message}` : `It ${item.message}`;
      reports.push({
        message: `${what}: React cannot serialize that across the client/server boundary, so the call fails (or the value arrives changed). Instead, ${fix(item.kind)}.`,
        file: item.file,
        line: item.line,
      });
    }
    for (const caller of endpoint.callers) {
      const argument = caller.nonSerializableArgument;
      // A call from server code (another action, a Server Component) is an ordinary function call: nothing is serialized.
      if (!argument || !caller.client || (argument.kind === 'map-or-set' && mapAndSet)) continue;
      reports.push({
        message: `This call passes ${argument.text} to the Server Action \`${endpoint.name}\`: React cannot serialize that, so the call fails before it reaches the server. Instead, ${fix(argument.kind)}.`,
        file: caller.file,
        line: caller.line,
      });
    }
    return reports;
  },
};

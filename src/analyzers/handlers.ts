import ts from 'typescript';
import { type FunctionNode, bindingDeclaration, calleeName, isFunctionNode, unwrapExpression } from './ast';
import type { BoundaryConfig } from './config';
import { type FactsAnalyzer, type FunctionFacts, functionOfExpression } from './facts';
import { AUTH_LIBRARY_HANDLER_RE, AUTH_LIBRARY_MODULE_RE, GUARDING_WRAPPER_RE, SIGNED_FRAMEWORK_HANDLERS } from './knowledge';
import type { Evidence, NonSerializableSignal } from './model';
import { type MountedRouter, ROUTER_FRAMEWORKS, type RouterMount } from './routers';
import { truncateText } from './words';

/** Everything known about the code behind one exported endpoint. */
export interface HandlerFacts {
  /** The function that runs for the request (the action body, the route handler). */
  body?: FunctionNode;
  bodyFacts?: FunctionFacts;
  /** A wrapper or action-client chain whose middleware guards before the body runs. */
  wrapperGuard?: Evidence[];
  /** Wrappers that were read and hold no guard. */
  wrapperNoGuard: Evidence[];
  /** Wrappers or handlers whose code could not be read. */
  unresolved: Evidence[];
  /** The handler is an auth library's own (sign-in, callbacks): public by design. */
  authLibraryHandler?: Evidence;
  /** The handler comes from a framework that verifies its own signed requests. */
  signedFramework?: Evidence;
  /** Verification done by a wrapper (QStash verifySignatureAppRouter…). */
  wrapperVerification?: Evidence[];
  /** The body is a function handed to a wrapper or action client (its parameters are the wrapper's, not the request's). */
  bodyWrapped?: boolean;
  /** Actions: parameters and return value the type checker says React cannot serialize (set by the analyzer). */
  nonSerializable?: NonSerializableSignal[];
  /** Facts of the wrapper and middleware functions read on the way (origin checks, API-key reads live there too). */
  wrapperFacts?: FunctionFacts[];
  /** The handler serves a router (a tRPC router, a Hono app): where it is mounted. */
  mount?: RouterMount;
  /** What the mounted router serves, read by the analyzer (routers/). */
  mounted?: MountedRouter;
}

/** Hono's own auth middleware (hono/bearer-auth, hono/basic-auth, hono/jwt): guards by themselves. */
const HONO_GUARD_RE = /^(bearerAuth|basicAuth|jwt|jwk)$/;

const MAX_CHAIN = 12;

/**
 * Follows an exported value to the function that handles the request, reading every wrapper on the
 * way: `withAuth(fn)`, `authActionClient.schema(s).action(fn)`, `export const PUT = PATCH`, `handlers`.
 */
export class HandlerAnalyzer {
  constructor(
    private readonly facts: FactsAnalyzer,
    private readonly config: BoundaryConfig,
  ) {}

  analyzeExpression(expression: ts.Expression, anchor: ts.Node): HandlerFacts {
    const result: HandlerFacts = { wrapperNoGuard: [], unresolved: [] };
    this.follow(expression, anchor, result, 0, undefined);
    if (result.body) result.bodyFacts = this.facts.functionFacts(result.body);
    if (result.body && !result.mount) this.findMount(result.body, result);
    const first = result.wrapperGuard?.[0];
    if (first && first.file !== this.facts.evidence('wrapper-guard', anchor, '').file) {
      // Say at the export itself why it is protected; the chain that follows says where.
      const wrapper = wrapperName(expression);
      result.wrapperGuard!.unshift(this.facts.evidence('wrapper-guard', anchor, `${wrapper ? `\`${wrapper}\`` : 'its wrapper'} checks the caller before it runs`));
    }
    return result;
  }

  analyzeFunction(fn: FunctionNode): HandlerFacts {
    const result: HandlerFacts = { body: fn, bodyFacts: this.facts.functionFacts(fn), wrapperNoGuard: [], unresolved: [] };
    this.findMount(fn, result);
    return result;
  }

  /** A Hono route: its handler, and the middleware that runs before it (its own, and the app's `use`). */
  analyzeRouteHandler(handler: ts.Expression, middleware: readonly ts.Expression[], anchor: ts.Node): HandlerFacts {
    const result: HandlerFacts = { wrapperNoGuard: [], unresolved: [] };
    const fn = functionOfExpression(handler) ?? this.resolveFunction(handler);
    if (fn) {
      result.body = fn;
      result.bodyWrapped = true;
      result.bodyFacts = this.facts.functionFacts(fn);
    } else {
      result.unresolved.push(this.facts.evidence('unresolved', anchor, `the handler \`${handler.getText()}\` could not be read`));
    }
    for (const item of middleware) {
      const guard = this.middlewareGuard(item, 0);
      if (guard) {
        result.wrapperGuard = [this.facts.evidence('wrapper-guard', anchor, `middleware \`${truncateText(item.getText())}\` checks the caller before the handler runs`), ...asWrapperGuard(guard)];
        break;
      }
    }
    return result;
  }

  /**
   * Whether a middleware value stops an unauthenticated request: a function whose body guards, a factory around one
   * (`createMiddleware(fn)`, `t.middleware(fn)`), a combination (`every(verifyKey, requirePlan)`), Hono's own auth.
   */
  middlewareGuard(expression: ts.Expression, depth: number): Evidence[] | undefined {
    if (depth > 4) return undefined;
    const value = unwrapExpression(expression);
    const fn = functionOfExpression(value);
    if (fn) return this.facts.functionFacts(fn).guard?.evidence;
    if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
      const resolved = this.facts.resolve(value);
      if (resolved.kind === 'function') return this.facts.functionFacts(resolved.fn).guard?.evidence;
      if (resolved.kind === 'value' && resolved.initializer) return this.middlewareGuard(resolved.initializer, depth + 1);
      return undefined;
    }
    if (!ts.isCallExpression(value)) return undefined;
    const callee = this.facts.resolve(value.expression);
    if (callee.kind === 'external' && /^hono\//.test(callee.module) && HONO_GUARD_RE.test(callee.name)) {
      return [this.facts.evidence('wrapper-guard', value, `${callee.name}() from ${callee.module} rejects requests without valid credentials`)];
    }
    if (callee.kind === 'function') {
      // A local factory: the middleware it returns is in its body.
      const facts = this.facts.functionFacts(callee.fn);
      if (facts.guard) return facts.guard.evidence;
    }
    for (const argument of value.arguments) {
      const guard = this.middlewareGuard(argument, depth + 1);
      if (guard) return guard;
    }
    return undefined;
  }

  /** A call that mounts a router (`fetchRequestHandler({ router: appRouter, … })`), for any framework that reads one. */
  private mountAt(call: ts.CallExpression): RouterMount | undefined {
    for (const framework of ROUTER_FRAMEWORKS) {
      const mount = framework.mountAt?.(call, this.facts);
      if (mount) return mount;
    }
    return undefined;
  }

  /** A mount in a route handler's body. */
  private findMount(fn: FunctionNode, result: HandlerFacts): void {
    const visit = (node: ts.Node): void => {
      if (result.mount) return;
      const mount = ts.isCallExpression(node) ? this.mountAt(node) : undefined;
      if (mount) {
        result.mount = mount;
        return;
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body) visit(fn.body);
  }

  /** `export const { GET, POST } = source`: what `source` is. */
  analyzeDestructured(source: ts.Expression, property: string, anchor: ts.Node): HandlerFacts {
    const result: HandlerFacts = { wrapperNoGuard: [], unresolved: [] };
    this.followDestructured(source, property, anchor, result, 0);
    if (result.body) result.bodyFacts = this.facts.functionFacts(result.body);
    return result;
  }

  private followDestructured(source: ts.Expression, property: string, anchor: ts.Node, result: HandlerFacts, depth: number): void {
    const value = unwrapExpression(source);
    if (depth > MAX_CHAIN) return;
    if (ts.isCallExpression(value)) {
      this.fromFactoryCall(value, anchor, result);
      return;
    }
    if (ts.isObjectLiteralExpression(value)) {
      for (const member of value.properties) {
        if (member.name && member.name.getText() === property) {
          if (ts.isPropertyAssignment(member)) this.follow(member.initializer, anchor, result, depth + 1, undefined);
          else if (ts.isShorthandPropertyAssignment(member)) this.follow(member.name, anchor, result, depth + 1, undefined);
          else if (ts.isMethodDeclaration(member)) result.body = member;
          return;
        }
      }
      return;
    }
    if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
      const callee = this.facts.resolve(value);
      if (callee.kind === 'value') {
        if (ts.isBindingElement(callee.declaration)) {
          const init = bindingInitializer(callee.declaration);
          if (init) return this.followDestructured(init, callee.name, anchor, result, depth + 1);
        }
        if (callee.initializer) return this.followDestructured(callee.initializer, property, anchor, result, depth + 1);
      }
      if (callee.kind === 'external') {
        this.fromExternal(callee.module, callee.name, anchor, result);
        return;
      }
      if (callee.kind === 'function') {
        result.body = callee.fn;
        return;
      }
      result.unresolved.push(this.facts.evidence('unresolved', anchor, `the handler object \`${value.getText()}\` could not be read`));
    }
  }

  /** `NextAuth(config)`, `toNextJsHandler(auth)`, `serve({ client, functions })`, `createRouteHandler(...)`. */
  private fromFactoryCall(call: ts.CallExpression, anchor: ts.Node, result: HandlerFacts): void {
    const name = calleeName(call) ?? '';
    const callee = this.facts.resolve(call.expression);
    if (AUTH_LIBRARY_HANDLER_RE.test(name)) {
      result.authLibraryHandler = this.facts.evidence('public', call, `${name}() builds the auth library's own sign-in and callback handlers: public by design`);
      return;
    }
    if (callee.kind === 'external') {
      this.fromExternal(callee.module, callee.name, anchor, result);
      return;
    }
    if (callee.kind === 'function') {
      // A local factory: the handlers it returns run its code.
      result.body = callee.fn;
      return;
    }
    result.unresolved.push(this.facts.evidence('unresolved', call, `handlers built by ${name || 'a factory'}() could not be read`));
  }

  private fromExternal(module: string, name: string, anchor: ts.Node, result: HandlerFacts): void {
    const signed = SIGNED_FRAMEWORK_HANDLERS[module];
    if (signed) {
      result.signedFramework = this.facts.evidence('verification', anchor, signed);
      return;
    }
    if (AUTH_LIBRARY_MODULE_RE.test(module) || AUTH_LIBRARY_HANDLER_RE.test(name)) {
      result.authLibraryHandler = this.facts.evidence('public', anchor, `handler from ${module}: the auth library's own endpoints, public by design`);
      return;
    }
    result.unresolved.push(this.facts.evidence('unresolved', anchor, `the handler \`${name}\` comes from the package ${module}, whose code is not read`));
  }

  private follow(expression: ts.Expression, anchor: ts.Node, result: HandlerFacts, depth: number, seen: Set<ts.Node> | undefined): void {
    if (depth > MAX_CHAIN) return;
    const visited = seen ?? new Set<ts.Node>();
    const value = unwrapExpression(expression);
    if (visited.has(value)) return;
    visited.add(value);
    const direct = functionOfExpression(value);
    if (direct) {
      result.body = direct;
      return;
    }
    // `export default createNextApiHandler({ router: appRouter })`: the handler is the mount itself.
    const mount = ts.isCallExpression(value) ? this.mountAt(value) : undefined;
    if (mount) {
      result.mount = mount;
      return;
    }
    if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
      const callee = this.facts.resolve(value);
      if (callee.kind === 'function') {
        result.body = callee.fn;
        return;
      }
      if (callee.kind === 'value') {
        if (ts.isBindingElement(callee.declaration)) {
          const init = bindingInitializer(callee.declaration);
          if (init) this.followDestructured(init, callee.name, anchor, result, depth + 1);
          return;
        }
        if (callee.initializer) this.follow(callee.initializer, anchor, result, depth + 1, visited);
        return;
      }
      if (callee.kind === 'external') {
        this.fromExternal(callee.module, callee.name, anchor, result);
        return;
      }
      result.unresolved.push(this.facts.evidence('unresolved', anchor, `\`${value.getText()}\` could not be resolved`));
      return;
    }
    if (ts.isCallExpression(value)) {
      this.fromWrapperCall(value, anchor, result, depth, visited);
      return;
    }
    result.unresolved.push(this.facts.evidence('unresolved', anchor, 'the exported value is not a function the analyzer can read'));
  }

  /**
   * A call that returns the handler: a higher-order function (`withAuth(fn)`), or a builder chain
   * (`client.use(mw).schema(s).action(fn)`). The last function argument of the outermost call is the body;
   * function arguments further down the chain are middleware.
   */
  private fromWrapperCall(call: ts.CallExpression, anchor: ts.Node, result: HandlerFacts, depth: number, visited: Set<ts.Node>): void {
    const bodyArgument = [...call.arguments].reverse().find((argument) => isFunctionLike(argument, this.facts));
    if (bodyArgument) {
      const fn = functionOfExpression(bodyArgument) ?? this.resolveFunction(bodyArgument);
      if (fn) {
        result.body = fn;
        result.bodyWrapped = true;
      }
    } else {
      // `.action(withAuditLogging('deleted', 'quota', async ({ ctx }) => …))`: the body sits one wrapper deeper.
      const nested = [...call.arguments].reverse().map(unwrapExpression).find(ts.isCallExpression);
      if (nested && depth < MAX_CHAIN && nested.arguments.some((argument) => isFunctionLike(argument, this.facts) || ts.isCallExpression(unwrapExpression(argument)))) {
        this.fromWrapperCall(nested, anchor, result, depth + 1, visited);
      } else if (call.arguments.length === 1 && isHandlerValue(call.arguments[0], this.facts)) {
        // `withPostHog(authPost)` where `const { POST: authPost } = toNextJsHandler(auth)`: the handler it wraps.
        this.follow(call.arguments[0], anchor, result, depth + 1, visited);
        if (result.authLibraryHandler || result.signedFramework) return;
      }
    }
    this.inspectWrapper(call, anchor, result, depth, visited, true);
  }

  private resolveFunction(expression: ts.Expression): FunctionNode | undefined {
    const value = unwrapExpression(expression);
    if (isFunctionNode(value)) return value;
    if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
      const callee = this.facts.resolve(value);
      if (callee.kind === 'function') return callee.fn;
    }
    return undefined;
  }

  /** Reads a wrapper call and every link of its chain for a guard. */
  private inspectWrapper(call: ts.CallExpression, anchor: ts.Node, result: HandlerFacts, depth: number, visited: Set<ts.Node>, outermost: boolean): void {
    if (depth > MAX_CHAIN || result.wrapperGuard) return;
    const name = calleeName(call) ?? '';
    const callee = unwrapExpression(call.expression);
    // What the wrapper does besides guarding (reads an API key, checks the origin) counts even when a guard is found first.
    if (ts.isIdentifier(callee)) {
      const resolved = this.facts.resolve(callee);
      if (resolved.kind === 'function') addWrapperFacts(result, this.facts.functionFacts(resolved.fn));
    }

    if (this.config.wrappers.includes(name)) {
      result.wrapperGuard = [this.facts.evidence('config', call, `${name} is a guarding wrapper named in the Next Boundary config`)];
      return;
    }

    // Middleware passed along the chain (not the final body of the outermost call).
    const middleware = outermost ? call.arguments.slice(0, -1) : call.arguments;
    for (const argument of middleware) {
      this.checkMiddlewareArgument(argument, call, result);
      if (result.wrapperGuard) return;
    }
    // Options objects with middleware functions: createSafeActionClient({ middleware }), procedures.
    for (const argument of call.arguments) {
      const value = unwrapExpression(argument);
      if (ts.isObjectLiteralExpression(value)) {
        for (const property of value.properties) {
          const initializer = ts.isPropertyAssignment(property) ? property.initializer : ts.isMethodDeclaration(property) ? property : undefined;
          if (initializer && (isFunctionNode(initializer) || ts.isIdentifier(initializer))) {
            this.checkMiddlewareArgument(initializer as ts.Expression, call, result);
            if (result.wrapperGuard) return;
          }
        }
      }
    }

    if (ts.isPropertyAccessExpression(callee)) {
      // A chain link: look further down at the receiver.
      this.inspectReceiver(callee.expression, anchor, result, depth + 1, visited);
      return;
    }

    if (ts.isIdentifier(callee)) {
      const resolved = this.facts.resolve(callee);
      if (resolved.kind === 'function') {
        const facts = this.facts.functionFacts(resolved.fn);
        if (facts.guard) {
          result.wrapperGuard = [
            this.facts.evidence('wrapper-guard', call, `${name}() checks the caller before running the wrapped function`),
            ...asWrapperGuard(facts.guard.evidence),
          ];
          if (facts.verification) result.wrapperVerification = facts.verification.evidence;
        } else if (facts.unresolved.length) {
          result.unresolved.push(...facts.unresolved);
        } else {
          result.wrapperNoGuard.push(this.facts.evidence('wrapper-no-guard', call, `${name}() wraps the function but never checks the caller`));
        }
        return;
      }
      if (resolved.kind === 'value') {
        // `auth(handler)` from NextAuth: it passes req.auth but does not block.
        if (ts.isBindingElement(resolved.declaration) || (resolved.initializer && ts.isCallExpression(unwrapExpression(resolved.initializer)))) {
          const init = ts.isBindingElement(resolved.declaration) ? bindingInitializer(resolved.declaration) : resolved.initializer;
          if (init && ts.isCallExpression(unwrapExpression(init)) && /^(NextAuth)$/.test(calleeName(unwrapExpression(init) as ts.CallExpression) ?? '')) return;
        }
        if (resolved.initializer) this.inspectReceiver(resolved.initializer, anchor, result, depth + 1, visited);
        return;
      }
      if (resolved.kind === 'external') {
        const mount = ROUTER_FRAMEWORKS.map((framework) => framework.mountByImport?.(call, resolved, this.facts)).find(Boolean);
        if (mount) {
          result.mount = mount;
          return;
        }
        if (GUARDING_WRAPPER_RE.test(resolved.name)) {
          const verifies = /Signature/.test(resolved.name);
          const evidence = this.facts.evidence(verifies ? 'verification' : 'wrapper-guard', call, `${resolved.name}() from ${resolved.module} ${verifies ? 'verifies the request signature' : 'rejects unauthenticated requests'}`);
          result.wrapperGuard = [evidence];
          if (verifies) result.wrapperVerification = [evidence];
          return;
        }
        if (/^(next-auth|@auth\/|@clerk\/)/.test(resolved.module) && /^(auth|withAuth)$/.test(resolved.name)) return;
        // `NextAuth(authOptions)` (a default import), `handleAuth()`: the library builds its own endpoints.
        if (AUTH_LIBRARY_HANDLER_RE.test(resolved.name) || (AUTH_LIBRARY_MODULE_RE.test(resolved.module) && resolved.name === 'default' && !call.arguments.some((argument) => isFunctionLike(argument, this.facts)))) {
          result.authLibraryHandler = this.facts.evidence('public', call, `${name || resolved.name}() from ${resolved.module} builds the auth library's own sign-in and callback handlers: public by design`);
          return;
        }
        if (/^(createSafeActionClient|createServerAction|createServerActionProcedure|actionClient|createMiddleware)$/.test(resolved.name)) return;
        if (/^(cache|unstable_cache|memo|withErrorHandling)$/.test(resolved.name)) return;
        result.unresolved.push(this.facts.evidence('unresolved', call, `the wrapper ${resolved.name}() comes from the package ${resolved.module}, whose code is not read`));
        return;
      }
      if (/^(createSafeActionClient|createServerAction|createServerActionProcedure)$/.test(name)) return;
      result.unresolved.push(this.facts.evidence('unresolved', call, `the wrapper ${name}() could not be resolved`));
    }
  }

  private inspectReceiver(receiver: ts.Expression, anchor: ts.Node, result: HandlerFacts, depth: number, visited: Set<ts.Node>): void {
    const value = unwrapExpression(receiver);
    if (visited.has(value) || depth > MAX_CHAIN) return;
    visited.add(value);
    if (ts.isCallExpression(value)) {
      this.inspectWrapper(value, anchor, result, depth, visited, false);
      return;
    }
    if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
      const name = ts.isIdentifier(value) ? value.text : value.name.text;
      if (this.config.wrappers.includes(name)) {
        result.wrapperGuard = [this.facts.evidence('config', value, `${name} is a guarding client named in the Next Boundary config`)];
        return;
      }
      const resolved = this.facts.resolve(value);
      if (resolved.kind === 'value' && resolved.initializer) {
        const init = unwrapExpression(resolved.initializer);
        if (ts.isCallExpression(init) || ts.isIdentifier(init) || ts.isPropertyAccessExpression(init)) {
          this.inspectReceiver(init, anchor, result, depth + 1, visited);
          if (!result.wrapperGuard && result.unresolved.length === 0 && ts.isCallExpression(init)) {
            result.wrapperNoGuard.push(this.facts.evidence('wrapper-no-guard', resolved.declaration, `${name} adds no auth middleware`));
          }
        }
        return;
      }
      if (resolved.kind === 'external') {
        if (GUARDING_WRAPPER_RE.test(resolved.name)) {
          result.wrapperGuard = [this.facts.evidence('wrapper-guard', value, `${resolved.name} from ${resolved.module} rejects unauthenticated requests`)];
          return;
        }
        result.unresolved.push(this.facts.evidence('unresolved', value, `the client \`${name}\` comes from the package ${resolved.module}, whose code is not read`));
        return;
      }
      if (resolved.kind === 'unknown' && ts.isIdentifier(value)) {
        result.unresolved.push(this.facts.evidence('unresolved', value, `\`${name}\` could not be resolved`));
      }
    }
  }

  private checkMiddlewareArgument(argument: ts.Expression, call: ts.CallExpression, result: HandlerFacts): void {
    const fn = functionOfExpression(argument) ?? this.resolveFunction(argument) ?? this.middlewareFromFactory(argument);
    if (!fn) return;
    const facts = this.facts.functionFacts(fn);
    addWrapperFacts(result, facts);
    if (facts.guard) {
      const method = calleeName(call) ?? 'middleware';
      result.wrapperGuard = [this.facts.evidence('wrapper-guard', call, `.${method}(…) middleware checks the caller`), ...asWrapperGuard(facts.guard.evidence)];
      if (facts.verification) result.wrapperVerification = facts.verification.evidence;
    }
  }

  /** `createMiddleware().define(async ({ next }) => …)` assigned to a name and passed to `.use(authMiddleware)`. */
  private middlewareFromFactory(argument: ts.Expression): FunctionNode | undefined {
    const value = unwrapExpression(argument);
    if (!ts.isIdentifier(value)) return undefined;
    const resolved = this.facts.resolve(value);
    if (resolved.kind !== 'value' || !resolved.initializer) return undefined;
    const init = unwrapExpression(resolved.initializer);
    if (!ts.isCallExpression(init)) return undefined;
    const fnArgument = init.arguments.find((item) => functionOfExpression(item));
    return fnArgument ? functionOfExpression(fnArgument) : undefined;
  }
}

function addWrapperFacts(result: HandlerFacts, facts: FunctionFacts): void {
  const list = (result.wrapperFacts ??= []);
  if (!list.includes(facts)) list.push(facts);
}

/** Guards found inside a wrapper are the wrapper's guard. */
function asWrapperGuard(evidence: Evidence[]): Evidence[] {
  return evidence.map((item) => (item.kind === 'guard' ? { ...item, kind: 'wrapper-guard' } : item));
}

/** The root name of a wrapper chain: `authActionClient` in `authActionClient.schema(s).action(fn)`. */
function wrapperName(expression: ts.Expression): string | undefined {
  let current = unwrapExpression(expression);
  for (let i = 0; i < MAX_CHAIN; i++) {
    if (ts.isCallExpression(current)) current = unwrapExpression(current.expression);
    else if (ts.isPropertyAccessExpression(current)) current = unwrapExpression(current.expression);
    else break;
  }
  return ts.isIdentifier(current) ? current.text : undefined;
}

/** A name bound to a handler built elsewhere: destructured from a factory's result, or a factory call's result. */
function isHandlerValue(argument: ts.Expression, facts: FactsAnalyzer): boolean {
  const value = unwrapExpression(argument);
  if (!ts.isIdentifier(value)) return false;
  const resolved = facts.resolve(value);
  if (resolved.kind !== 'value') return false;
  if (ts.isBindingElement(resolved.declaration)) return true;
  return !!resolved.initializer && ts.isCallExpression(unwrapExpression(resolved.initializer));
}

function isFunctionLike(argument: ts.Expression, facts: FactsAnalyzer): boolean {
  if (functionOfExpression(argument)) return true;
  const value = unwrapExpression(argument);
  if (ts.isIdentifier(value)) return facts.resolve(value).kind === 'function';
  return false;
}

function bindingInitializer(element: ts.BindingElement): ts.Expression | undefined {
  return bindingDeclaration(element)?.initializer;
}


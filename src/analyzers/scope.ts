/**
 * The scope of each effect an endpoint has, and what follows for auth (../shared/auth-semantics.md): only effects on
 * shared data, and money spent, need a guard; a write to the caller's own browser, to a record keyed by the caller's
 * own cookie or opened by a capability from the request, or made with the caller's own credential, does not.
 */
import type { EffectFact } from './facts/types';
import type { EffectScope, EndpointEffect } from './model';

export interface ScopedEffect extends EffectFact {
  scope: EffectScope;
  /** Why it has that scope, in words for the evidence. */
  reason: string;
}

/** Effects kept on an endpoint: enough to show each kind and scope, not every write of a long handler. */
const MAX_SHOWN = 8;

export function scopeOf(effect: EffectFact): ScopedEffect {
  const { origins } = effect;
  if (effect.kind === 'cookie') return { ...effect, scope: 'caller-browser', reason: "writes only the caller's own browser cookies" };
  if (effect.kind === 'auth-state') return { ...effect, scope: 'caller-browser', reason: "changes only the caller's own sign-in state" };
  if (effect.kind === 'spend') return { ...effect, scope: 'shared', reason: "spends the app's money" };
  if (effect.kind === 'probe') return { ...effect, scope: 'shared', reason: 'makes the server request a URL the caller chooses' };
  if (origins.cookie) return { ...effect, scope: 'caller-keyed', reason: `keyed by the caller's own cookie \`${origins.cookie}\`` };
  if (origins.token) return { ...effect, scope: 'token-keyed', reason: `keyed by a capability: ${origins.token}` };
  if (origins.credential) return { ...effect, scope: 'delegated', reason: `made with the caller's own credential (${origins.credential}), so it is refused without one` };
  if (origins.credentialParams?.size) return { ...effect, scope: 'delegated', reason: "made with a credential the caller sends, so it is refused without one" };
  return { ...effect, scope: 'shared', reason: 'changes shared data' };
}

/** An effect that needs a guard before it. */
export function isHarmful(effect: ScopedEffect): boolean {
  return effect.scope === 'shared';
}

/**
 * A write, as `mutates` means it. Not: a URL fetched, an upload URL signed (nothing is written until its holder
 * uses it), a cache revalidated. Each still needs a guard when anyone may cause it (isHarmful).
 */
export function isWrite(effect: EffectFact): boolean {
  return effect.kind !== 'spend' && effect.kind !== 'probe' && effect.kind !== 'upload-grant' && effect.kind !== 'cache';
}

/** The effects as the model shows them: where each happens in the endpoint's own code, its kind, scope and why. */
export function endpointEffects(effects: readonly ScopedEffect[]): EndpointEffect[] {
  const shown: EndpointEffect[] = [];
  const seen = new Set<string>();
  for (const effect of effects) {
    const site = effect.evidence[0];
    const key = `${effect.kind}\u0000${effect.scope}\u0000${site.file}\u0000${site.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    shown.push({ kind: effect.kind, scope: effect.scope, file: site.file, line: site.line, message: `${describe(effect)}: ${effect.reason}` });
    if (shown.length >= MAX_SHOWN) break;
  }
  return shown;
}

/** `sdk.store.cart.update()` through `updateCart()`: the call in the endpoint, then the effect itself. */
function describe(effect: ScopedEffect): string {
  const first = effect.evidence[0].message;
  const last = effect.evidence[effect.evidence.length - 1].message;
  return effect.evidence.length > 1 && first !== last ? `${first.replace(/\s.*$/, '')} → ${last}` : last;
}

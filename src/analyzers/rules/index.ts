/**
 * The rule registry. Every file in this folder except rule.ts and index.ts is one rule and
 * must be listed here (test/rules/registry.test.ts checks it).
 */
import { actionForReads } from './action-for-reads';
import { getWithSideEffects } from './get-with-side-effects';
import { largeUploadThroughAction } from './large-upload-through-action';
import { missingAuth } from './missing-auth';
import { missingOwnershipCheck } from './missing-ownership-check';
import { missingRevalidation } from './missing-revalidation';
import { nonSerializableActionArg } from './non-serializable-action-arg';
import { routeMutationWithoutOriginCheck } from './route-mutation-without-origin-check';
import { routeOnlyCalledInternally } from './route-only-called-internally';
import type { Rule } from './rule';
import { suppressionWithoutReason } from './suppression-without-reason';
import { thrownStructuredError } from './thrown-structured-error';
import { unusedAction } from './unused-action';
import { unvalidatedActionInput } from './unvalidated-action-input';
import { webhookAsAction } from './webhook-as-action';
import { webhookWithoutVerification } from './webhook-without-verification';

export const allRules: readonly Rule[] = [
  missingAuth,
  missingOwnershipCheck,
  missingRevalidation,
  webhookWithoutVerification,
  unusedAction,
  suppressionWithoutReason,
  webhookAsAction,
  getWithSideEffects,
  nonSerializableActionArg,
  actionForReads,
  routeMutationWithoutOriginCheck,
  thrownStructuredError,
  unvalidatedActionInput,
  largeUploadThroughAction,
  routeOnlyCalledInternally,
];

export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}

export type { Rule, RuleContext, RuleReport, SuppressionComment } from './rule';

/**
 * The rule registry. Every file in this folder except rule.ts and index.ts is one rule and
 * must be listed here (test/rules/registry.test.ts checks it).
 */
import { missingAuth } from './missing-auth';
import { missingRevalidation } from './missing-revalidation';
import type { Rule } from './rule';
import { suppressionWithoutReason } from './suppression-without-reason';
import { unusedAction } from './unused-action';
import { webhookWithoutVerification } from './webhook-without-verification';

export const allRules: readonly Rule[] = [missingAuth, missingRevalidation, webhookWithoutVerification, unusedAction, suppressionWithoutReason];

export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}

export type { Rule, RuleContext, RuleReport, SuppressionComment } from './rule';

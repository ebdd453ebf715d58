/**
 * The pure fixes (no `vscode` import; TypeScript parses). The editor reaches them only through this barrel,
 * which dist/service.js re-exports as `fixes` (src/service/boundary-service.ts), so TypeScript stays out of
 * dist/extension.js and loads once a Next.js app is found. Add new fixes here.
 */
export { type TextEdit, applyEdits, positionAt } from './edits';
export { type ProjectIndex, indexProject } from './project';
export { type RevalidationChoice, addRevalidation, revalidationChoices } from './add-revalidation';
export { type GuardRecipe, addAuthGuard, authGuardRecipes, templateRecipe } from './add-auth-guard';
export {
  AUTH_RULE,
  FIXABLE_RULES,
  REVALIDATION_RULE,
  SET_UP_GUARD_TITLE,
  SUPPRESSION_OFFERS,
  type WantedFixes,
  authGuardTitle,
  noGuardOffer,
  quickFixBlocker,
  wantedFixes,
} from './offers';
export { type SuppressionEdit, addSuppression } from './add-suppression';
export { type IdentityCall, guardTemplate, identityCallProblem, importSpecifierProblem, suggestIdentityCall } from './guard-template';
export { type FileChange, type RefactorAvailability, type RefactorResult, endpointSpan, extractToLib, refactorAvailability } from './extract-to-lib';
export { convertToRouteHandler } from './convert-to-route-handler';

export { type Callee, FactsAnalyzer, functionOfDeclaration, functionOfExpression } from './analyzer';
export { methodOption } from './syntax';
export { type Fact, type FunctionFacts, type ParameterFact, signalOf } from './types';

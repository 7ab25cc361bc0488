import type { RuleDefinition } from '../types.js';

/** Subject-side and binding-hygiene risks (who holds permissions, and dead references). */
export const SUBJECT_RULES: readonly RuleDefinition[] = [];

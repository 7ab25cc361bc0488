// Label selectors as metav1.LabelSelectorAsSelector builds them and labels.Requirement
// matches them. Used by the aggregation emulation.
//
// Upstream behaviour worth knowing:
// - a nil selector selects NOTHING, an empty one ({} or no matchLabels/matchExpressions
//   entries) selects EVERYTHING;
// - the aggregation controller passes each clusterRoleSelectors entry by address, so an
//   entry is never nil there: an empty (or null) entry aggregates every other ClusterRole;
// - NotIn matches objects that do not carry the key at all;
// - an invalid selector (bad key or value, wrong value count for the operator, unknown
//   operator) makes the conversion fail. Our messages say the same thing as upstream's
//   field errors but are not byte-for-byte identical.

import type { LabelSelector, LabelSelectorRequirement } from './types.js';

export type Labels = Readonly<Record<string, string>>;

interface Requirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** A validated selector, ready to match. */
export type CompiledSelector =
  | { readonly kind: 'everything' }
  | { readonly kind: 'nothing' }
  | { readonly kind: 'requirements'; readonly requirements: readonly Requirement[] };

export type SelectorParse =
  | { readonly ok: true; readonly selector: CompiledSelector }
  | { readonly ok: false; readonly error: string };

const EVERYTHING: CompiledSelector = { kind: 'everything' };
const NOTHING: CompiledSelector = { kind: 'nothing' };

/** metav1.LabelSelectorAsSelector: null/undefined → nothing, empty → everything. */
export function parseLabelSelector(selector: LabelSelector | null | undefined): SelectorParse {
  if (selector === null || selector === undefined) return { ok: true, selector: NOTHING };
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  const expressions = selector.matchExpressions ?? [];
  if (matchLabels.length + expressions.length === 0) return { ok: true, selector: EVERYTHING };

  const requirements: Requirement[] = [];
  const errors: string[] = [];
  for (const [key, value] of matchLabels) {
    collect(requirementFor(key, 'In', [value]), requirements, errors);
  }
  for (const expr of expressions) {
    collect(requirementFromExpression(expr), requirements, errors);
  }
  if (errors.length > 0) return { ok: false, error: errors.join('; ') };
  return { ok: true, selector: { kind: 'requirements', requirements } };
}

function collect(r: Requirement | string, into: Requirement[], errors: string[]): void {
  if (typeof r === 'string') errors.push(r);
  else into.push(r);
}

function requirementFromExpression(expr: LabelSelectorRequirement): Requirement | string {
  const op: string = expr.operator;
  if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
    return `${JSON.stringify(op)} is not a valid label selector operator`;
  }
  return requirementFor(expr.key, op, expr.values ?? []);
}

/** labels.NewRequirement's checks. */
function requirementFor(key: string, operator: Requirement['operator'], values: readonly string[]): Requirement | string {
  const keyError = labelKeyError(key);
  if (keyError !== undefined) return `key: Invalid value: ${JSON.stringify(key)}: ${keyError}`;
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    return `values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty`;
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length !== 0) {
    return `values: Invalid value: ${JSON.stringify(values)}: values set must be empty for exists and does not exist`;
  }
  for (const value of values) {
    if (!isValidLabelValue(value)) {
      return `values: Invalid value: ${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
    }
  }
  return { key, operator, values };
}

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** validation.IsQualifiedName, reduced to one reason. */
function labelKeyError(key: string): string | undefined {
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) {
    name = key;
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) return 'prefix part must be non-empty';
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      return 'prefix part must be a lowercase RFC 1123 subdomain';
    }
  } else {
    return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'";
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!NAME_PART.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

function isValidLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

function hasLabel(labels: Labels, key: string): boolean {
  // Own properties only: a label map must not see Object.prototype members.
  return Object.prototype.hasOwnProperty.call(labels, key);
}

function requirementMatches(r: Requirement, labels: Labels): boolean {
  const present = hasLabel(labels, r.key);
  switch (r.operator) {
    case 'In':
      return present && r.values.includes(labels[r.key] as string);
    case 'NotIn':
      return !present || !r.values.includes(labels[r.key] as string);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
  }
}

export function selectorMatches(selector: CompiledSelector, labels: Labels): boolean {
  switch (selector.kind) {
    case 'everything':
      return true;
    case 'nothing':
      return false;
    case 'requirements':
      return selector.requirements.every((r) => requirementMatches(r, labels));
  }
}

/** Convenience: parse and match; an invalid selector matches nothing (use parseLabelSelector to see why). */
export function labelSelectorMatches(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  const parsed = parseLabelSelector(selector);
  return parsed.ok && selectorMatches(parsed.selector, labels);
}

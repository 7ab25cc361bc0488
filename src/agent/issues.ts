import type { JsonPath } from '../model/path.js';

export type AgentIssueSeverity = 'error' | 'warning' | 'info';

/**
 * A finding of the agent semantics checks. Paths are JSON paths into the checked document
 * (agent config or .gitlab-ci.yml); the caller turns them into line/column.
 */
export interface AgentIssue {
  /** Stable kebab-case identifier; tests and suppressions key on it, never on the message. */
  readonly code: string;
  readonly path: JsonPath;
  /** Whether to highlight the mapping key or the value at `path`. */
  readonly target: 'key' | 'value';
  readonly message: string;
  readonly severity: AgentIssueSeverity;
  readonly data?: Readonly<Record<string, string>>;
}

/** Small constructor so call sites stay one line and `data` is omitted when empty. */
export function issue(
  code: string,
  severity: AgentIssueSeverity,
  path: JsonPath,
  target: 'key' | 'value',
  message: string,
  data?: Record<string, string>,
): AgentIssue {
  return data && Object.keys(data).length > 0
    ? { code, severity, path, target, message, data }
    : { code, severity, path, target, message };
}

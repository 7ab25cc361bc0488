// Variable expansion and context-name parsing shared by the CI scan and the CI checks.

export interface AgentContextName {
  readonly configProjectPath: string;
  readonly agentName: string;
}

const VAR_REF = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
const MAX_EXPANSION_DEPTH = 5;

/**
 * Expand `$NAME` / `${NAME}` with `lookup` (recursively for values that allow it). Unknown
 * names stay in the text and are listed in `unresolved`.
 */
export function expandVariables(
  text: string,
  lookup: (name: string) => { value: string; expand: boolean } | undefined,
  depth = 0,
): { value: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const value = text.replace(VAR_REF, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare) as string;
    const v = lookup(name);
    if (v === undefined || depth >= MAX_EXPANSION_DEPTH) {
      if (!unresolved.includes(name)) unresolved.push(name);
      return whole;
    }
    if (!v.expand) return v.value;
    const inner = expandVariables(v.value, lookup, depth + 1);
    for (const u of inner.unresolved) if (!unresolved.includes(u)) unresolved.push(u);
    return inner.value;
  });
  return { value, unresolved };
}

/** `<config project path>:<agent name>` — exactly one ':' with both sides non-empty. */
export function parseAgentContext(value: string): AgentContextName | undefined {
  const parts = value.split(':');
  if (parts.length !== 2) return undefined;
  const [configProjectPath, agentName] = parts as [string, string];
  if (configProjectPath === '' || agentName === '') return undefined;
  return { configProjectPath, agentName };
}


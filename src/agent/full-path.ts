// GitLab "full paths" (group/sub/project) as the agent config references them.
// Rails compares them downcased (`where_full_path_in`, `full_path.downcase`), so every
// comparison here goes through `pathKey`.

/** Comparison key of a full path: GitLab matches config ids case-insensitively. */
export function pathKey(fullPath: string): string {
  return fullPath.toLowerCase();
}

export function samePath(a: string, b: string): boolean {
  return pathKey(a) === pathKey(b);
}

/** Ancestor namespaces of a project or group path, outermost first: a/b/c → [a, a/b]. */
export function ancestorPaths(fullPath: string): string[] {
  const segments = fullPath.split('/');
  const out: string[] = [];
  for (let i = 1; i < segments.length; i++) out.push(segments.slice(0, i).join('/'));
  return out;
}

/** The top-level namespace (root group or user namespace) of a path. */
export function rootNamespace(fullPath: string): string {
  const slash = fullPath.indexOf('/');
  return slash === -1 ? fullPath : fullPath.slice(0, slash);
}

/** True when `path` is `ancestor` itself or lies below it (case-insensitive). */
export function isSameOrBelow(path: string, ancestor: string): boolean {
  const p = pathKey(path);
  const a = pathKey(ancestor);
  return p === a || p.startsWith(a + '/');
}

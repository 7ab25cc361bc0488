// Just enough POSIX-shell lexing to find kubectl / helm invocations in CI script lines and
// read their context and impersonation arguments. Not a shell: no expansion, no heredocs.
// Command substitutions `$(...)` and backticks are split out as commands of their own, so a
// kubectl inside them is still seen.

export interface KubeInvocation {
  readonly tool: 'kubectl' | 'helm';
  /** `kubectl config use-context <ctx>`. */
  readonly useContext?: string;
  /** `--context` (kubectl) / `--kube-context` (helm). */
  readonly contextFlag?: string;
  /** `--as`, `--as-group`, `--as-uid` (kubectl); `--kube-as-user`, `--kube-as-group` (helm). */
  readonly impersonation: readonly { readonly flag: string; readonly value: string }[];
}

/** Split a script into simple commands, each a list of words with quotes removed. */
export function splitCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | null = null;
  const endWord = (): void => {
    if (word !== null) words.push(word);
    word = null;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  const s = script;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\') {
      const n = s[i + 1];
      i++;
      if (n === undefined) word = (word ?? '') + '\\';
      else if (n !== '\n') word = (word ?? '') + n; // backslash-newline joins lines
      continue;
    }
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      word = (word ?? '') + s.slice(i + 1, end === -1 ? s.length : end);
      i = end === -1 ? s.length : end;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let text = '';
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && j + 1 < s.length && '$`"\\\n'.includes(s[j + 1] as string)) {
          if (s[j + 1] !== '\n') text += s[j + 1];
          j++;
        } else text += s[j];
      }
      word = (word ?? '') + text;
      i = j;
      continue;
    }
    if (c === '#' && word === null) {
      const nl = s.indexOf('\n', i);
      i = nl === -1 ? s.length : nl - 1;
      continue;
    }
    if (c === '$' && s[i + 1] === '(') {
      endCommand(); // the substitution's command starts here
      i++;
      continue;
    }
    if (' \t\r'.includes(c)) {
      endWord();
      continue;
    }
    if (';&|\n()`'.includes(c)) {
      endCommand();
      continue;
    }
    word = (word ?? '') + c;
  }
  endCommand();
  return commands;
}

const WRAPPERS = new Set(['sudo', 'env', 'time', 'exec', 'command', 'nohup', 'xargs']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** kubectl flags that take a separate value (so the value is not read as a positional). */
const KUBECTL_VALUE_FLAGS = new Set([
  '-n', '--namespace', '--kubeconfig', '--context', '--cluster', '--user', '--as', '--as-group', '--as-uid',
  '-s', '--server', '--token', '-f', '--filename', '-o', '--output', '-l', '--selector', '-c', '--container',
  '--field-selector', '--request-timeout', '--certificate-authority', '--client-certificate', '--client-key',
  '--tls-server-name', '--cache-dir', '-v', '--v', '--username', '--password', '-k', '--kustomize', '-p',
  '--patch', '--type', '--image', '--replicas', '--port', '--timeout', '--for', '--from-literal', '--from-file',
  '--field-manager', '--template', '--sort-by', '--tail', '--since', '--revision', '--to-revision',
]);
const HELM_VALUE_FLAGS = new Set([
  '-n', '--namespace', '--kubeconfig', '--kube-context', '--kube-as-user', '--kube-as-group', '--kube-apiserver',
  '--kube-token', '--kube-ca-file', '--kube-tls-server-name', '-f', '--values', '--set', '--set-string',
  '--set-file', '--set-json', '--version', '--timeout', '-o', '--output', '--repo', '--post-renderer',
]);

function basename(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash === -1 ? word : word.slice(slash + 1);
}

/** Interpret one simple command; undefined when it is not kubectl or helm. */
export function interpretCommand(words: readonly string[]): KubeInvocation | undefined {
  let i = 0;
  while (i < words.length) {
    const w = words[i] as string;
    if (ASSIGNMENT.test(w)) i++;
    else if (WRAPPERS.has(basename(w))) {
      i++;
      while (i < words.length && (words[i] as string).startsWith('-')) i++;
    } else break;
  }
  const program = words[i];
  if (program === undefined) return undefined;
  const tool = basename(program);
  if (tool !== 'kubectl' && tool !== 'helm') return undefined;
  const valueFlags = tool === 'kubectl' ? KUBECTL_VALUE_FLAGS : HELM_VALUE_FLAGS;
  const positionals: string[] = [];
  const flags: { name: string; value: string }[] = [];
  for (let j = i + 1; j < words.length; j++) {
    const w = words[j] as string;
    if (w === '--') {
      positionals.push(...words.slice(j + 1));
      break;
    }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      if (eq !== -1) flags.push({ name: w.slice(0, eq), value: w.slice(eq + 1) });
      else if (valueFlags.has(w) && j + 1 < words.length) flags.push({ name: w, value: words[++j] as string });
      else flags.push({ name: w, value: '' });
    } else if (w.startsWith('-') && w.length > 1) {
      const name = w.slice(0, 2);
      if (w.length > 2) flags.push({ name, value: w.slice(w[2] === '=' ? 3 : 2) });
      else if (valueFlags.has(name) && j + 1 < words.length) flags.push({ name, value: words[++j] as string });
      else flags.push({ name, value: '' });
    } else positionals.push(w);
  }
  const contextName = tool === 'kubectl' ? '--context' : '--kube-context';
  const asFlags = tool === 'kubectl' ? ['--as', '--as-group', '--as-uid'] : ['--kube-as-user', '--kube-as-group'];
  const contextFlag = flags.filter((f) => f.name === contextName && f.value !== '').pop()?.value;
  let useContext: string | undefined;
  if (tool === 'kubectl') {
    const k = positionals.indexOf('config');
    if (k !== -1 && positionals[k + 1] === 'use-context' && positionals[k + 2] !== undefined) useContext = positionals[k + 2];
  }
  return {
    tool,
    ...(useContext !== undefined ? { useContext } : {}),
    ...(contextFlag !== undefined ? { contextFlag } : {}),
    impersonation: flags.filter((f) => asFlags.includes(f.name) && f.value !== '').map((f) => ({ flag: f.name, value: f.value })),
  };
}

export function findKubeInvocations(script: string): KubeInvocation[] {
  return splitCommands(script).flatMap((words) => {
    const inv = interpretCommand(words);
    return inv ? [inv] : [];
  });
}

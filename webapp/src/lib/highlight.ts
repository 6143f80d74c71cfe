// Syntax highlighting of fenced code blocks, loaded on demand.
//
// This module is small and part of the main bundle: the table of languages (Mattermost's names
// and aliases, so the label of a block is known before anything is loaded) and the loading state.
// highlight.js itself (`./hljs`, its core plus the registered languages) is a separate chunk,
// imported the first time a block with a known language is rendered. Until then blocks render
// plain; `subscribeHighlighter` tells React (see `useHighlighter`) when to render them again.

export interface CodeLanguage {
  /** The highlight.js grammar registered in `./hljs`. */
  grammar: string;
  /** The label shown on the block, as Mattermost names the language. */
  name: string;
}

// name or alias (lower case) → grammar and label. Labels follow Mattermost's `HighlightedLanguages`.
const LANGS: Record<string, CodeLanguage> = {};

function lang(grammar: string, name: string, aliases: readonly string[] = []): void {
  const entry = { grammar, name };
  LANGS[grammar] = entry;
  for (const a of aliases) LANGS[a] = entry;
}

lang('bash', 'Bash', ['sh', 'zsh', 'shell', 'console']);
lang('c', 'C/C++', ['h']);
lang('cpp', 'C/C++', ['c++', 'cc', 'cxx', 'hpp', 'h++']);
lang('csharp', 'C#', ['c#', 'cs']);
lang('css', 'CSS');
lang('dart', 'Dart');
lang('diff', 'Diff', ['patch', 'udiff']);
lang('dockerfile', 'Dockerfile', ['docker']);
lang('elixir', 'Elixir', ['ex', 'exs']);
lang('go', 'Go', ['golang']);
lang('graphql', 'GraphQL', ['gql']);
lang('groovy', 'Groovy');
lang('haskell', 'Haskell', ['hs']);
lang('ini', 'INI', ['cfg', 'conf']);
LANGS.toml = { grammar: 'ini', name: 'TOML' };
lang('java', 'Java', ['jsp']);
lang('javascript', 'JavaScript', ['js', 'jsx', 'mjs', 'cjs']);
lang('json', 'JSON', ['jsonc']);
lang('kotlin', 'Kotlin', ['kt', 'kts']);
lang('less', 'Less');
lang('lua', 'Lua');
lang('makefile', 'Makefile', ['make', 'mf', 'gnumake', 'bsdmake', 'mk']);
lang('markdown', 'Markdown', ['md', 'mkd', 'mkdown']);
lang('nginx', 'Nginx', ['nginxconf']);
lang('objectivec', 'Objective C', ['objective_c', 'objc', 'mm']);
lang('perl', 'Perl', ['pl', 'pm']);
lang('php', 'PHP', ['php3', 'php4', 'php5', 'php6', 'php7', 'php8']);
lang('plaintext', 'Text', ['text', 'txt', 'plain']);
lang('powershell', 'PowerShell', ['posh', 'ps1', 'pwsh']);
lang('protobuf', 'Protocol Buffers', ['proto']);
lang('python', 'Python', ['py', 'gyp', 'python3', 'py3']);
lang('r', 'R');
lang('ruby', 'Ruby', ['rb', 'gemspec', 'podspec', 'thor', 'irb']);
lang('rust', 'Rust', ['rs']);
lang('scala', 'Scala');
lang('scss', 'SCSS');
lang('sql', 'SQL');
lang('swift', 'Swift');
lang('typescript', 'TypeScript', ['ts', 'tsx', 'mts', 'cts']);
// Mattermost highlights `html` as XML ("HTML, XML"): highlight.js escapes either way.
lang('xml', 'HTML, XML', ['html', 'xhtml', 'svg', 'rss', 'atom', 'xsl', 'plist']);
lang('yaml', 'YAML', ['yml']);

/** The language of a fence's info string (`js`, `Python`, `golang` …), if it is one we highlight. */
export function codeLanguage(info: string): CodeLanguage | undefined {
  const key = info.toLowerCase();
  return Object.hasOwn(LANGS, key) ? LANGS[key] : undefined;
}

// A fence at a line start, also inside quotes and list items (finding too many only costs a render).
const FENCE_INFO = /^[ \t>]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)?[ \t>]*(?:`{3,}|~{3,})[ \t]*([^\s`]+)/gm;

/** True when a message has a fenced code block in a language we highlight (a cheap scan). */
export function needsHighlighter(message: string): boolean {
  if (!message.includes('```') && !message.includes('~~~')) return false;
  for (const m of message.matchAll(FENCE_INFO)) {
    if (m[1] && codeLanguage(m[1])) return true;
  }
  return false;
}

/** Every grammar the lazy chunk must register (used by its test). */
export function codeGrammars(): string[] {
  return [...new Set(Object.values(LANGS).map((l) => l.grammar))].sort();
}

type Highlight = (code: string, grammar: string) => string | undefined;

let highlightFn: Highlight | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

/** True once highlight.js is loaded: from then on `renderMarkdown` highlights code blocks. */
export function highlighterReady(): boolean {
  return highlightFn !== null;
}

/** Loads highlight.js (once; later calls share the same promise, a failed load may be retried). */
export function loadHighlighter(): Promise<void> {
  loading ??= import('./hljs').then(
    (m) => {
      highlightFn = m.highlight;
      for (const l of [...listeners]) l();
    },
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** Called once when highlight.js has loaded. Returns the unsubscribe function. */
export function subscribeHighlighter(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Highlighted HTML (spans with `hljs-*` classes, text escaped) of `code`, or undefined while
 * highlight.js is not loaded or the grammar fails.
 */
export function highlightCode(code: string, grammar: string): string | undefined {
  return highlightFn ? highlightFn(code, grammar) : undefined;
}

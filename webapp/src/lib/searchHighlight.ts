// Marks the words a search matched in a rendered message (`<mark>`), as Mattermost's search
// results do. The words are the server's `matches` for the post: words and phrases as the user
// typed them, `prefix*` for prefixes. Only text is changed, never markup or attributes.

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One pattern for all the terms: whole words, a trailing `*` matching any word ending. */
export function searchPattern(terms: readonly string[]): RegExp | null {
  const parts: { len: number; re: string }[] = [];
  for (const raw of terms) {
    const term = raw.trim().replace(/^"|"$/g, '');
    if (!term) continue;
    const prefix = term.endsWith('*');
    const body = escapeRegExp(prefix ? term.slice(0, -1) : term).replace(/\s+/g, '\\s+');
    if (!body) continue;
    parts.push({ len: term.length, re: prefix ? `${body}[\\p{L}\\p{N}_]*` : body });
  }
  if (parts.length === 0) return null;
  // Longest term first, so a phrase wins over one of its words.
  parts.sort((a, b) => b.len - a.len);
  const alternatives = parts.map((p) => p.re).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, 'giu');
}

/** `html` (sanitised markup) with every match of `terms` in its text wrapped in `<mark>`. */
export function highlightHtml(html: string, terms: readonly string[]): string {
  const pattern = searchPattern(terms);
  if (!pattern) return html;
  const box = document.createElement('template');
  box.innerHTML = html;
  const walker = document.createTreeWalker(box.content, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
  for (const node of texts) {
    const text = node.data;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) continue;
    pattern.lastIndex = 0;
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const m of text.matchAll(pattern)) {
      const at = m.index ?? 0;
      if (at > last) frag.append(text.slice(last, at));
      const mark = document.createElement('mark');
      mark.className = 'search-highlight';
      mark.textContent = m[0];
      frag.append(mark);
      last = at + m[0].length;
    }
    if (last < text.length) frag.append(text.slice(last));
    node.replaceWith(frag);
  }
  return box.innerHTML;
}

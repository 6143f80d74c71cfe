// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import {
  findMentions,
  highlighterReady,
  isEmojiOnly,
  loadHighlighter,
  localImageSrc,
  mentionKeysFor,
  renderMarkdown,
  subscribeHighlighter,
  type RenderOptions,
} from './markdown';
import { codeGrammars, codeLanguage, needsHighlighter } from './highlight';

/** Renders into a detached element, to query the result. */
function dom(src: string, opts?: RenderOptions): HTMLDivElement {
  const box = document.createElement('div');
  box.innerHTML = renderMarkdown(src, opts);
  return box;
}

/** No script, frame, event handler or javascript:/data: URL anywhere. */
function expectSafe(box: Element): void {
  expect(box.querySelector('script, iframe, object, embed, style, form')).toBeNull();
  for (const el of box.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      expect(attr.name.startsWith('on')).toBe(false);
      expect(attr.value.toLowerCase()).not.toMatch(/^\s*(javascript|data|vbscript):/);
    }
  }
}

const FILE_ID = 'abcdefghijklmnopqrstuvwxyz'; // 26 characters, like Mattermost ids

describe('renderMarkdown', () => {
  it('renders bold, italics, strike-through and inline code', () => {
    const html = renderMarkdown('**bold** _it_ ~~gone~~ `x < y`');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>it</em>');
    expect(html).toContain('<del>gone</del>');
    expect(html).toContain('<code>x &lt; y</code>');
  });

  it('renders links that open in a new tab without an opener', () => {
    const html = renderMarkdown('see [docs](https://example.org/a?b=1) and https://stoa.chat');
    const box = document.createElement('div');
    box.innerHTML = html;
    const links = [...box.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.org/a?b=1', 'https://stoa.chat']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('renders code blocks, lists and quotes', () => {
    const html = renderMarkdown('```\nlet a = 1;\n```\n\n- one\n- two\n\n1. first\n\n> quoted');
    expect(html).toMatch(/<pre><code>let a = 1;\n<\/code><\/pre>/);
    expect(html).toContain('<ul>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<blockquote>');
  });

  it('turns single newlines into line breaks', () => {
    expect(renderMarkdown('a\nb')).toBe('<p>a<br>b</p>');
  });

  it('never lets script or event handlers through', () => {
    const inputs = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1))',
      '<a href="javascript:alert(1)">x</a>',
      '<iframe src="https://evil.example"></iframe>',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
    ];
    for (const src of inputs) {
      const html = renderMarkdown(src);
      const box = document.createElement('div');
      box.innerHTML = html;
      expect(box.querySelector('script, iframe, img')).toBeNull();
      for (const el of box.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          expect(attr.name.startsWith('on')).toBe(false);
          expect(attr.value.toLowerCase()).not.toMatch(/^\s*(javascript|data):/);
        }
      }
    }
  });

  it('shows raw HTML as text', () => {
    const html = renderMarkdown('<b>hi</b> <script>alert(1)</script>');
    expect(html).toContain('&lt;b&gt;hi&lt;/b&gt;');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script');
  });

  it('turns images into links so nothing is fetched from elsewhere', () => {
    const html = renderMarkdown('![cat](https://cdn.example/cat.png)');
    expect(html).not.toContain('<img');
    expect(html).toContain('href="https://cdn.example/cat.png"');
    expect(html).toContain('>cat</a>');
  });

  it('highlights @mentions, the current user and @channel most', () => {
    const html = renderMarkdown('hi @alice and @bob, see @channel.', { currentUsername: 'bob' });
    expect(html).toContain('<span class="mention">@alice</span>');
    expect(html).toContain('<span class="mention mention--me">@bob</span>,');
    expect(html).toContain('<span class="mention mention--me">@channel</span>.');
  });

  it('leaves e-mail addresses, code and links alone', () => {
    const html = renderMarkdown('mail a@b.org `@alice` [@alice](https://x.org)');
    expect(html).not.toContain('class="mention"');
    expect(html).toContain('a@b.org');
  });

  it('does not let a username inject markup', () => {
    const html = renderMarkdown('@a<b');
    expect(html).toContain('<span class="mention">@a</span>&lt;b');
  });

  it('replaces known :emoji: names', () => {
    expect(renderMarkdown('ok :+1: :nope:')).toContain('<span class="emoji" title=":+1:">👍</span> :nope:');
  });
});

describe('findMentions', () => {
  it('finds usernames without trailing punctuation', () => {
    expect(findMentions('@alice, @bob. and @carol_ x@y.z')).toEqual(['alice', 'bob', 'carol']);
  });
});

// Runs first among the code-block tests: highlight.js is not loaded yet.
describe('code blocks', () => {
  const js = '```js\nconst a = "<b>" && 1; // c\n```';

  it('render plain, with the language label and copy button, until highlight.js is loaded', () => {
    expect(highlighterReady()).toBe(false);
    const box = dom(js, { highlight: false });
    const block = box.querySelector('div.post-code');
    expect(block).not.toBeNull();
    expect(block?.classList.contains('post-code--wrap')).toBe(false);
    expect(box.querySelector('.post-code__overlay .post-code__language')?.textContent).toBe('JavaScript');
    const code = box.querySelector('pre > code');
    expect(code?.className).toBe('hljs language-javascript');
    expect(code?.textContent).toBe('const a = "<b>" && 1; // c\n');
    expect(code?.querySelector('span')).toBeNull();
    expect(highlighterReady()).toBe(false);
  });

  it('loads highlight.js the first time a block with a language is rendered, and says so once', async () => {
    const listener = vi.fn();
    const unsubscribe = subscribeHighlighter(listener);
    dom('```ts\nlet x: number = 1;\n```');
    await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(1));
    unsubscribe();
    expect(highlighterReady()).toBe(true);
    await loadHighlighter(); // the same, already settled load
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('are highlighted once loaded, the code text unchanged and escaped', () => {
    const box = dom(js);
    const code = box.querySelector('pre > code');
    expect(code?.querySelector('span.hljs-keyword')?.textContent).toBe('const');
    expect(code?.querySelector('span.hljs-string')?.textContent).toBe('"<b>"');
    expect(code?.querySelector('span.hljs-comment')?.textContent).toBe('// c');
    expect(code?.querySelector('b')).toBeNull();
    expect(code?.textContent).toBe('const a = "<b>" && 1; // c\n');
  });

  it("take Mattermost's language names and aliases from the fence", () => {
    const cases: Array<[string, string]> = [
      ['js', 'JavaScript'], ['javascript', 'JavaScript'], ['ts', 'TypeScript'], ['tsx', 'TypeScript'],
      ['json', 'JSON'], ['sh', 'Bash'], ['bash', 'Bash'], ['shell', 'Bash'], ['py', 'Python'],
      ['go', 'Go'], ['golang', 'Go'], ['rs', 'Rust'], ['java', 'Java'], ['c', 'C/C++'], ['cpp', 'C/C++'],
      ['cs', 'C#'], ['csharp', 'C#'], ['sql', 'SQL'], ['yml', 'YAML'], ['yaml', 'YAML'],
      ['html', 'HTML, XML'], ['xml', 'HTML, XML'], ['css', 'CSS'], ['md', 'Markdown'], ['diff', 'Diff'],
      ['dockerfile', 'Dockerfile'], ['rb', 'Ruby'], ['php', 'PHP'], ['kt', 'Kotlin'], ['swift', 'Swift'],
      ['ini', 'INI'], ['toml', 'TOML'], ['text', 'Text'], ['plaintext', 'Text'], ['JS', 'JavaScript'],
    ];
    for (const [fence, name] of cases) {
      const box = dom('```' + fence + '\nx = 1\n```');
      expect(box.querySelector('.post-code__language')?.textContent, fence).toBe(name);
      expect(box.querySelector('pre > code')?.textContent, fence).toBe('x = 1\n');
    }
  });

  it('highlights every language of the table (each grammar is registered in the lazy chunk)', async () => {
    const { registered } = await import('./hljs');
    expect([...registered].sort()).toEqual(codeGrammars());
    for (const fence of ['py', 'go', 'rust', 'sql', 'yaml', 'bash', 'diff', 'html']) {
      const sample = fence === 'diff' ? '+ added\n- removed' : fence === 'html' ? '<div class="a">x</div>' : 'if x then y';
      const box = dom('```' + fence + '\n' + sample + '\n```');
      expect(box.querySelector('pre > code')?.textContent, fence).toBe(sample + '\n');
      expectSafe(box);
    }
    expect(dom('```html\n<script>alert(1)</script>\n```').querySelector('code script')).toBeNull();
  });

  it('keep blocks without a language (wrapped, no label) and with an unknown one plain', () => {
    const plain = dom('```\nlet a = 1;\n```');
    expect(plain.querySelector('.post-code')?.className).toBe('post-code post-code--wrap');
    expect(plain.querySelector('.post-code__language')).toBeNull();
    expect(plain.innerHTML).toMatch(/<pre><code>let a = 1;\n<\/code><\/pre>/);

    const unknown = dom('```nosuchlang\n<i>x</i>\n```');
    expect(unknown.querySelector('.post-code')?.className).toBe('post-code');
    expect(unknown.querySelector('.post-code__language')).toBeNull();
    expect(unknown.querySelector('pre > code')?.outerHTML).toBe('<code>&lt;i&gt;x&lt;/i&gt;\n</code>');
  });

  it('cannot inject markup through the fence info string', () => {
    for (const src of ['```js" onclick="alert(1)\nx\n```', '```"><script>alert(1)</script>\nx\n```', '```<img/src/onerror=alert(1)>\nx\n```']) {
      const box = dom(src);
      expectSafe(box);
      expect(box.querySelector('img, script')).toBeNull();
    }
  });

  it('get a copy button that works without inline handlers', () => {
    const box = dom('```py\nprint(1)\n```\n\n```\nplain\n```');
    const buttons = box.querySelectorAll('button.post-code__copy');
    expect(buttons).toHaveLength(2);
    for (const b of buttons) {
      expect(b.getAttribute('type')).toBe('button');
      expect(b.getAttribute('aria-label')).toBe('Copy code');
      expect(b.hasAttribute('data-copy-code')).toBe(true);
      expect(b.closest('.post-code')?.querySelector('pre code')).not.toBeNull();
    }
    expectSafe(box);
  });

  it('are found cheaply in a message, to re-render only those once highlight.js is loaded', () => {
    expect(needsHighlighter('```js\nx\n```')).toBe(true);
    expect(needsHighlighter('text\n  ~~~ Python\nx\n~~~')).toBe(true);
    expect(needsHighlighter('- item\n\n  ```go\n  x\n  ```')).toBe(true);
    expect(needsHighlighter('> ```rs\n> x\n> ```')).toBe(true);
    expect(needsHighlighter('```\nx\n```')).toBe(false);
    expect(needsHighlighter('```nosuchlang\nx\n```')).toBe(false);
    expect(needsHighlighter('inline ```js``` is no fence, nor is text')).toBe(false);
  });

  it('leave code spans and fences alone: no mentions, channels, hashtags or emoji inside', () => {
    const box = dom('```\n@alice ~town-square #hashtag :+1:\n```\n`@bob #tag :smile:`', {
      currentUsername: 'alice',
      teamName: 'acme',
      channelNames: () => ({ display: 'Town Square' }),
    });
    expect(box.querySelector('.mention, .channel-link-inline, .hashtag, .emoji')).toBeNull();
  });
});

describe('block Markdown as Mattermost renders it', () => {
  it('renders headings h1–h6', () => {
    const box = dom('# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six');
    const hs = [...box.querySelectorAll('h1, h2, h3, h4, h5, h6')];
    expect(hs.map((h) => `${h.tagName}:${h.textContent}`)).toEqual([
      'H1:One', 'H2:Two', 'H3:Three', 'H4:Four', 'H5:Five', 'H6:Six',
    ]);
    for (const h of hs) expect(h.className).toBe('markdown__heading');
    expect(dom('####### seven').querySelector('h1, h2, h3, h4, h5, h6')).toBeNull();
  });

  it('renders GFM tables with their alignment', () => {
    const box = dom('| left | center | right | none |\n|:--|:-:|--:|---|\n| 1 | **2** | 3 | 4 |');
    const wrap = box.querySelector('div.table-responsive');
    expect(wrap?.firstElementChild?.tagName).toBe('TABLE');
    expect(wrap?.firstElementChild?.className).toBe('markdown__table');
    expect([...box.querySelectorAll('thead th')].map((th) => th.getAttribute('align'))).toEqual(['left', 'center', 'right', null]);
    expect([...box.querySelectorAll('tbody td')].map((td) => td.getAttribute('align'))).toEqual(['left', 'center', 'right', null]);
    expect(box.querySelector('tbody td:nth-child(2) strong')?.textContent).toBe('2');
    expect(box.querySelector('[style]')).toBeNull(); // no inline styles (CSP: style-src 'self')
  });

  it('renders task lists with disabled checkboxes', () => {
    const box = dom('- [ ] todo\n- [x] done\n- plain');
    const items = box.querySelectorAll('li');
    expect(items[0]?.className).toBe('list-item--task-list');
    expect(items[1]?.className).toBe('list-item--task-list');
    expect(items[2]?.className).toBe('');
    const boxes = box.querySelectorAll<HTMLInputElement>('input');
    expect(boxes).toHaveLength(2);
    expect([...boxes].map((b) => [b.type, b.checked, b.disabled])).toEqual([
      ['checkbox', false, true],
      ['checkbox', true, true],
    ]);
    expect(items[0]?.textContent?.trim()).toBe('todo');
  });

  it('renders horizontal rules, nested lists and nested block quotes', () => {
    expect(dom('a\n\n---\n\nb').querySelector('p + hr + p')).not.toBeNull();
    expect(dom('a\n\n***\n\nb').querySelector('hr')).not.toBeNull();
    const list = dom('- one\n  - two\n    1. three\n- four');
    expect(list.querySelector('ul > li > ul > li > ol > li')?.textContent).toBe('three');
    expect(dom('3. c\n4. d').querySelector('ol')?.getAttribute('start')).toBe('3');
    const quote = dom('> outer\n> > inner');
    expect(quote.querySelector('blockquote > blockquote > p')?.textContent).toBe('inner');
  });

  it('keeps single newlines as line breaks, in lists and quotes too', () => {
    expect(renderMarkdown('a\nb')).toBe('<p>a<br>b</p>');
    expect(dom('> a\n> b').querySelector('blockquote br')).not.toBeNull();
  });

  it('links bare URLs, www. addresses and e-mail addresses', () => {
    const box = dom('see https://stoa.chat/x?y=1, www.example.org and mail ann@example.org.');
    const links = [...box.querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['https://stoa.chat/x?y=1', 'https://stoa.chat/x?y=1'],
      ['http://www.example.org', 'www.example.org'],
      ['mailto:ann@example.org', 'ann@example.org'],
    ]);
    for (const a of links) {
      expect(a.target).toBe('_blank');
      expect(a.rel).toBe('noopener noreferrer');
    }
    expect(dom('`https://x.org`').querySelector('a')).toBeNull();
  });

  it('strikes through with ~~ only (a single ~ starts a channel mention)', () => {
    expect(dom('~~gone~~').querySelector('del')?.textContent).toBe('gone');
    expect(dom('~a~ b').querySelector('del')).toBeNull();
    expect(dom('~a~ b').textContent).toBe('~a~ b');
  });
});

describe('~channel links', () => {
  const channels: Record<string, string> = { 'town-square': 'Town Square', 'off-topic': 'Off-Topic' };
  const opts: RenderOptions = {
    teamName: 'acme',
    channelNames: (name) => (name in channels ? { display: channels[name] ?? '' } : undefined),
  };

  it('link known channels to /<team>/channels/<name> in the same tab', () => {
    const box = dom('see ~town-square and ~Off-Topic', opts);
    const links = [...box.querySelectorAll('a')];
    expect(links.map((a) => [a.className, a.getAttribute('href'), a.dataset.channelMention, a.textContent])).toEqual([
      ['channel-link-inline', '/acme/channels/town-square', 'town-square', '~Town Square'],
      ['channel-link-inline', '/acme/channels/off-topic', 'off-topic', '~Off-Topic'],
    ]);
    for (const a of links) expect(a.hasAttribute('target')).toBe(false);
  });

  it('drop trailing punctuation as Mattermost does, and leave unknown channels as text', () => {
    const box = dom('join ~town-square. or ~town-square-, not ~nowhere or ~', opts);
    expect([...box.querySelectorAll('a')].map((a) => a.dataset.channelMention)).toEqual(['town-square', 'town-square']);
    expect(box.textContent).toBe('join ~Town Square. or ~Town Square-, not ~nowhere or ~');
  });

  it('stay text without a lookup or team, and never take a foreign or script URL from the lookup', () => {
    expect(dom('~town-square').querySelector('a')).toBeNull();
    expect(dom('~town-square', { channelNames: opts.channelNames }).querySelector('a')).toBeNull();
    expect(dom('~x', { channelNames: () => ({ display: 'X', url: '/other/channels/x' }) }).querySelector('a')?.getAttribute('href')).toBe('/other/channels/x');
    for (const url of ['javascript:alert(1)', 'https://evil.example/', '//evil.example/x']) {
      const box = dom('~x', { teamName: 'acme', channelNames: () => ({ display: 'X', url }) });
      expect(box.querySelector('a')).toBeNull();
      expect(box.textContent).toBe('~x');
    }
  });

  it('escape the display name', () => {
    const box = dom('~x', { teamName: 'acme', channelNames: () => ({ display: '<img src=x onerror=alert(1)>' }) });
    expect(box.querySelector('img')).toBeNull();
    expect(box.querySelector('a')?.textContent).toBe('~<img src=x onerror=alert(1)>');
  });
});

describe('#hashtags', () => {
  it('become search links that do not navigate', () => {
    const box = dom('release #v2-rc and #café, #stoa.');
    const tags = [...box.querySelectorAll('a.hashtag')];
    expect(tags.map((a) => [a.getAttribute('href'), a.getAttribute('data-hashtag'), a.textContent])).toEqual([
      ['#', '#v2-rc', '#v2-rc'],
      ['#', '#café', '#café'],
      ['#', '#stoa', '#stoa'],
    ]);
    for (const a of tags) expect(a.hasAttribute('target')).toBe(false);
  });

  it("follow Mattermost's rules: 3+ characters, starting with a letter, at a word start", () => {
    const box = dom('#ab #1abc C#sharp issue#123 a#bcd #abc');
    expect([...box.querySelectorAll('a.hashtag')].map((a) => a.textContent)).toEqual(['#abc']);
  });

  it('are not made inside code or links, and `# heading` stays a heading', () => {
    expect(dom('`#tagged` [#tagged](https://x.org) https://x.org/#tagged').querySelector('.hashtag')).toBeNull();
    const heading = dom('# tagged');
    expect(heading.querySelector('h1')?.textContent).toBe('tagged');
    expect(heading.querySelector('.hashtag')).toBeNull();
    expect(dom('#tagged').querySelector('h1')).toBeNull();
    expect(dom('#tagged').querySelector('p > a.hashtag')).not.toBeNull();
  });
});

describe('mentions and mention keys', () => {
  it('highlight the configured mention keys case-insensitively, as whole words', () => {
    const box = dom('Robert, ROBERT and robert! but not robertson or xrobert', {
      currentUsername: 'bob',
      mentionKeys: ['robert'],
    });
    expect([...box.querySelectorAll('.mention--me')].map((s) => [s.className, s.textContent])).toEqual([
      ['mention--me mention--key', 'Robert'],
      ['mention--me mention--key', 'ROBERT'],
      ['mention--me mention--key', 'robert'],
    ]);
  });

  it('highlight an @name key as a mention of the user, and @here/@all/@channel', () => {
    const box = dom('@rob @alice @here @all @channel', { currentUsername: 'bob', mentionKeys: ['@rob'] });
    expect([...box.querySelectorAll('.mention')].map((s) => [s.textContent, s.classList.contains('mention--me')])).toEqual([
      ['@rob', true],
      ['@alice', false],
      ['@here', true],
      ['@all', true],
      ['@channel', true],
    ]);
  });

  it('match CJK keys inside words, treat regex characters literally and skip code and links', () => {
    const cjk = dom('ボブさん', { mentionKeys: ['ボブ'] });
    expect(cjk.querySelector('.mention--key')?.textContent).toBe('ボブ');
    const special = dom('use c++ or cxx, a.b not axb', { mentionKeys: ['c++', 'a.b'] });
    expect([...special.querySelectorAll('.mention--key')].map((s) => s.textContent)).toEqual(['c++', 'a.b']);
    expect(dom('`robert` [robert](https://x.org)', { mentionKeys: ['robert'] }).querySelector('.mention--key')).toBeNull();
    expect(dom('x', { mentionKeys: ['', '  '] }).innerHTML).toBe('<p>x</p>');
  });

  it("derive a user's keys as Mattermost does", () => {
    expect(mentionKeysFor({ username: 'bob' })).toEqual(['@channel', '@all', '@here', '@bob']);
    expect(
      mentionKeysFor({
        username: 'bob',
        first_name: 'Robert',
        notify_props: { mention_keys: 'deploy, oncall,,bob', first_name: 'true', channel: 'false' },
      }),
    ).toEqual(['deploy', 'oncall', 'bob', 'Robert', '@bob']);
    expect(mentionKeysFor({ username: 'bob', first_name: 'Robert', notify_props: { first_name: 'false' } })).not.toContain('Robert');
  });
});

describe('inline images', () => {
  const id = FILE_ID;

  it("show our own server's files as lazy images", () => {
    for (const src of [
      `/api/v4/files/${id}`,
      `/api/v4/files/${id}/preview`,
      `/api/v4/files/${id}/thumbnail`,
      `${window.location.origin}/api/v4/files/${id}/preview`,
    ]) {
      const img = dom(`![a cat](${src} "The cat")`).querySelector('img');
      expect(img, src).not.toBeNull();
      expect(img?.getAttribute('src')).toBe(src.replace(window.location.origin, ''));
      expect(img?.getAttribute('loading')).toBe('lazy');
      expect(img?.className).toBe('markdown-inline-img');
      expect(img?.getAttribute('alt')).toBe('a cat');
      expect(img?.getAttribute('title')).toBe('The cat');
    }
  });

  it('turn every other image URL into a link: nothing is fetched from elsewhere', () => {
    for (const src of [
      'https://cdn.example/cat.png',
      `https://evil.example/api/v4/files/${id}`,
      `//evil.example/api/v4/files/${id}`,
      `/api/v4/files/${id}/../../../evil`,
      `/api/v4/files/${id}?x=1`,
      `/api/v4/files/${id}/download`,
      '/api/v4/files/short',
      `/api/v4/files/${id.toUpperCase()}`,
      `api/v4/files/${id}`,
      '/static/logo.png',
      'blob:https://x/1',
    ]) {
      const box = dom(`![cat](${src})`);
      expect(box.querySelector('img'), src).toBeNull();
      expect(box.querySelector('a')?.textContent, src).toBe('cat');
    }
    expect(localImageSrc(`https://stoa.example/api/v4/files/${id}`, 'https://stoa.example')).toBe(`/api/v4/files/${id}`);
    expect(localImageSrc(`https://stoa.example/api/v4/files/${id}`, 'https://other.example')).toBeUndefined();
  });

  it('never let javascript: or data: image URLs or attribute injection through', () => {
    for (const src of [
      '![x](javascript:alert(1))',
      '![x](data:image/png;base64,AAAA)',
      '![x](data:text/html;base64,PHNjcmlwdD4=)',
      `![x" onerror="alert(1)](/api/v4/files/${id})`,
      `![x](/api/v4/files/${id} "a\\" onerror=\\"alert(1)")`,
      `<img src="/api/v4/files/${id}" onerror="alert(1)">`,
    ]) {
      const box = dom(src);
      expectSafe(box);
      for (const img of box.querySelectorAll('img')) {
        expect(img.getAttribute('src')).toBe(`/api/v4/files/${id}`);
        expect([...img.attributes].map((a) => a.name).sort()).toEqual(['alt', 'class', 'loading', 'src', 'title'].filter((n) => img.hasAttribute(n)));
      }
    }
    expect(dom(`<img src="/api/v4/files/${id}">`).querySelector('img')).toBeNull(); // raw HTML is text
  });
});

describe('large emoji', () => {
  it('marks a message of 1–3 emoji only', () => {
    for (const src of [':+1:', ' :+1:  :tada: ', ':+1::smile::fire:', '👍', '🎉 👍', '👨‍👩‍👧 🇫🇷 👍🏽']) {
      expect(dom(src).querySelector('p')?.className, src).toBe('emoji--large');
    }
    expect(dom(':+1:').querySelector('p.emoji--large > span.emoji')?.textContent).toBe('👍');
  });

  it('not for 4+ emoji, unknown names, or any other text', () => {
    for (const src of [':+1: :+1: :+1: :+1:', '👍👍👍👍', ':nope:', 'ok :+1:', '123', ':+1: x', '`:+1:`', '> :+1:', '# :+1:', '']) {
      expect(dom(src).querySelector('.emoji--large'), src).toBeNull();
    }
    expect(isEmojiOnly('#️⃣')).toBe(true);
    expect(isEmojiOnly('#')).toBe(false);
  });
});

describe('security', () => {
  it('keeps raw HTML as text and URLs safe everywhere', () => {
    const inputs = [
      '| <script>alert(1)</script> | <img src=x onerror=alert(1)> |\n|---|---|\n| [x](javascript:alert(1)) | <a href="javascript:alert(1)">x</a> |',
      '- [ ] <img src=x onerror=alert(1)>\n- [x] [x](javascript:alert(1))',
      '# <script>alert(1)</script>\n> <iframe src="https://evil.example"></iframe>',
      '[x](JaVaScRiPt:alert(1)) [y](vbscript:msgbox(1)) <javascript:alert(1)>',
      '[x](data:text/html;base64,PHNjcmlwdD4=) ![y](data:image/svg+xml;base64,PHN2Zz4=)',
      '<svg onload=alert(1)> <math><mi xlink:href="javascript:alert(1)">x</mi></math>',
      '<style>body{display:none}</style> <form action="https://evil.example"><input name=x></form>',
      '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
      '#<img/src/onerror=alert(1)> ~<script>x</script> @<b>x</b> :<i>x</i>:',
    ];
    for (const src of inputs) {
      const box = dom(src, { currentUsername: 'a', mentionKeys: ['x'], teamName: 't', channelNames: () => ({ display: 'X' }) });
      expectSafe(box);
      expect(box.querySelector('img, svg, math, input:not([type="checkbox"])'), src).toBeNull();
    }
  });

  it('only renders inputs as disabled checkboxes of task lists', () => {
    for (const input of dom('- [ ] a\n- [x] b').querySelectorAll('input')) {
      expect(input.getAttribute('type')).toBe('checkbox');
      expect(input.hasAttribute('disabled')).toBe(true);
    }
  });

  it('has a language table that cannot be reached through object keys', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(codeLanguage(key), key).toBeUndefined();
      expect(dom('```' + key + '\nx\n```').querySelector('.post-code__language')).toBeNull();
    }
  });
});

describe('custom emoji', () => {
  const customEmoji = (name: string) => (name === 'partyparrot' ? 'abcdefghijklmnopqrstuvwxyz' : undefined);
  it('shows a custom emoji as our server’s image, and only by a valid id', () => {
    const html = renderMarkdown('go :partyparrot: go :unknown:', { customEmoji });
    expect(html).toContain('<img class="emoji emoji--custom" src="/api/v4/emoji/abcdefghijklmnopqrstuvwxyz/image" alt=":partyparrot:"');
    expect(html).toContain(':unknown:');
    const bad = renderMarkdown(':nosuchemoji:', { customEmoji: () => '../../evil' });
    expect(bad).toContain(':nosuchemoji:');
    expect(bad).not.toContain('<img');
  });
  it('makes a message of custom emoji large', () => {
    expect(renderMarkdown(':partyparrot:', { customEmoji })).toContain('emoji--large');
  });
});

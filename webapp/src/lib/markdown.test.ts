// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { findMentions, renderMarkdown } from './markdown';

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

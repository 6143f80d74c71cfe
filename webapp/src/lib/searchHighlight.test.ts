// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { highlightHtml } from './searchHighlight';

describe('highlightHtml', () => {
  it('marks whole words case-insensitively', () => {
    expect(highlightHtml('<p>The Release is near; released later</p>', ['release'])).toBe(
      '<p>The <mark class="search-highlight">Release</mark> is near; released later</p>',
    );
  });
  it('marks prefixes and phrases, longest first', () => {
    const html = highlightHtml('<p>release plan and releases</p>', ['"release plan"', 'releas*']);
    expect(html).toBe(
      '<p><mark class="search-highlight">release plan</mark> and <mark class="search-highlight">releases</mark></p>',
    );
  });
  it('never touches markup or attributes', () => {
    const html = highlightHtml('<p><a href="https://x.org/release">see release</a></p>', ['release']);
    expect(html).toBe('<p><a href="https://x.org/release">see <mark class="search-highlight">release</mark></a></p>');
  });
  it('escapes what the user typed', () => {
    expect(highlightHtml('<p>a+b and (c)</p>', ['a+b', '(c)'])).toContain('<mark class="search-highlight">a+b</mark>');
    expect(highlightHtml('<p>text</p>', [])).toBe('<p>text</p>');
  });
  it('matches words in other scripts', () => {
    expect(highlightHtml('<p>Grüße aus München</p>', ['münchen'])).toContain('<mark class="search-highlight">München</mark>');
  });
});

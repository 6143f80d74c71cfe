// What a component showing rendered Markdown (Post.tsx) needs besides `renderMarkdown`:
// - `useHighlighter(message)`: re-render once highlight.js has loaded, only for messages with a
//   fenced code block in a language we highlight (and start loading it for them);
// - `useMarkdownOptions()`: the render options of the signed-in user (username, mention keys) and
//   the team in the URL (~channel links);
// - `useMarkdownClick()`: one delegated click handler for the rendered HTML (copy buttons of code
//   blocks, ~channel links navigating in the app, #hashtags), as nothing in the HTML may carry an
//   inline handler under our Content-Security-Policy.

import { useCallback, useEffect, useMemo, useSyncExternalStore, type MouseEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { Channel, Team } from '../api/types';
import { useMeUser } from '../queries/hooks';
import { keys } from '../queries/keys';
import { useCustomEmoji } from '../queries/emoji';
import { highlighterReady, loadHighlighter, needsHighlighter, subscribeHighlighter } from '../lib/highlight';
import { mentionKeysFor, type RenderOptions } from '../lib/markdown';
import { useUi } from '../store/ui';
import { t } from '../i18n/en';

/**
 * True once highlight.js is loaded and `message` needs it (without `message`: once loaded). Use it
 * as a dependency of the memoised `renderMarkdown` call: messages without such a code block never
 * re-render for it.
 */
export function useHighlighter(message?: string): boolean {
  const needed = message === undefined || needsHighlighter(message);
  const ready = useSyncExternalStore(subscribeHighlighter, () => needed && highlighterReady());
  useEffect(() => {
    if (needed && message !== undefined && !highlighterReady()) loadHighlighter().catch(() => undefined);
  }, [needed, message]);
  return ready;
}

/**
 * `renderMarkdown` options for the signed-in user in the team of the URL. The ~channel lookup reads
 * the cached channel lists when called (no subscription per post): the user's channels of this
 * team, else the public channels listed for it.
 */
export function useMarkdownOptions(): RenderOptions {
  const me = useMeUser();
  const { team: teamName } = useParams();
  const qc = useQueryClient();
  const custom = useCustomEmoji();
  return useMemo(() => {
    const channelNames = (name: string) => {
      const team = qc.getQueryData<Team[]>(keys.teams)?.find((t) => t.name === teamName);
      if (!team) return undefined;
      const find = (list: Channel[] | undefined) =>
        (Array.isArray(list) ? list : undefined)?.find((c) => c.name === name && c.delete_at === 0 && (c.type === 'O' || c.type === 'P'));
      const c =
        find(qc.getQueryData<Channel[]>(keys.channels(team.id))) ??
        find(qc.getQueryData<Channel[]>(keys.publicChannels(team.id)));
      return c ? { display: c.display_name || c.name } : undefined;
    };
    return {
      currentUsername: me.username,
      mentionKeys: mentionKeysFor(me),
      teamName,
      channelNames,
      customEmoji: (name: string) => custom.byName.get(name)?.id,
    };
  }, [me, teamName, qc, custom]);
}

/**
 * The click handler for a `.markdown` element: copies a code block, opens a ~channel link in the
 * app, and searches a #hashtag (with its `#`; or hands it to `onHashtag`) without navigating.
 */
export function useMarkdownClick(onHashtag: (hashtag: string) => void = searchHashtag) {
  const navigate = useNavigate();
  return useCallback(
    (e: MouseEvent<HTMLElement>) => {
      const target = e.target as Element | null;
      if (!target?.closest) return;
      const copy = target.closest<HTMLButtonElement>('button.post-code__copy');
      if (copy) {
        e.preventDefault();
        void copyCode(copy);
        return;
      }
      const link = target.closest<HTMLAnchorElement>('a.hashtag, a.channel-link-inline');
      if (!link) return;
      if (link.classList.contains('hashtag')) {
        e.preventDefault();
        onHashtag?.(link.dataset.hashtag ?? link.textContent ?? '');
        return;
      }
      // Let the browser handle new-tab/window clicks.
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      void navigate(link.getAttribute('href') ?? '/');
    },
    [navigate, onHashtag],
  );
}

/** A hashtag's search in the right-hand pane, as Mattermost does on a click. */
function searchHashtag(tag: string): void {
  if (tag) useUi.getState().openRhs({ kind: 'search', terms: tag });
}

async function copyCode(button: HTMLButtonElement): Promise<void> {
  const code = button.closest('.post-code')?.querySelector('pre code')?.textContent ?? '';
  try {
    await navigator.clipboard.writeText(code);
  } catch {
    return;
  }
  button.dataset.copied = '';
  button.textContent = t('markdown.copied');
  window.setTimeout(() => {
    delete button.dataset.copied;
    button.textContent = t('markdown.copy');
  }, 1500);
}

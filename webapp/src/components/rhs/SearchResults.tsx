import { useInfiniteQuery } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Post, PostSearchResults, Team } from '../../api/types';
import { useMeUser } from '../../queries/hooks';
import { keys } from '../../queries/keys';
import { errorMessage } from '../../lib/format';
import { mentionSearchTerms } from '../../lib/search';
import { t } from '../../i18n/en';
import { RhsShell } from './RhsPane';
import { ResultItem } from './ResultItem';

const PER_PAGE = 20;

/** Seconds east of UTC, as the server reads `on:`, `before:` and `after:` dates. */
export function timeZoneOffsetSeconds(now = new Date()): number {
  return -now.getTimezoneOffset() * 60;
}

/** Posts found by a search (`mode="search"`), or the user's recent mentions. */
export function SearchResults({ team, terms, mode }: { team: Team; terms: string; mode: 'search' | 'mentions' }) {
  const me = useMeUser();
  const query = mode === 'mentions' ? mentionSearchTerms(me) : terms;
  const isOr = mode === 'mentions';
  const results = useInfiniteQuery({
    queryKey: keys.search(team.id, query, isOr),
    queryFn: ({ pageParam }) =>
      api.searchTeamPosts(team.id, {
        terms: query,
        is_or_search: isOr,
        time_zone_offset: timeZoneOffsetSeconds(),
        include_deleted_channels: false,
        page: pageParam,
        per_page: PER_PAGE,
      }),
    initialPageParam: 0,
    getNextPageParam: (last: PostSearchResults, pages) => (last.order.length >= PER_PAGE ? pages.length : undefined),
    staleTime: 30 * 1000,
  });

  const found: { post: Post; matches?: string[] }[] = [];
  const seen = new Set<string>();
  for (const page of results.data?.pages ?? []) {
    for (const id of page.order) {
      const post = page.posts[id];
      if (!post || seen.has(id)) continue;
      seen.add(id);
      found.push({ post, matches: page.matches?.[id] ?? undefined });
    }
  }

  const title = mode === 'mentions' ? t('rhs.mentions') : t('search.results');
  return (
    <RhsShell title={title} subtitle={mode === 'search' ? `“${terms}”` : undefined}>
      <div className="rhs__scroll" role="region" aria-label={title}>
        {results.isPending && <p className="message-list__status">{t('search.searching')}</p>}
        {results.error && (
          <p className="message-list__status" role="alert">
            {errorMessage(results.error)}
          </p>
        )}
        {results.data && found.length === 0 && (
          <div className="rhs__empty">
            <p>{mode === 'mentions' ? t('rhs.noMentions') : t('search.none', { terms })}</p>
            {mode === 'search' && <p className="muted">{t('search.noneHint')}</p>}
          </div>
        )}
        {found.length > 0 && (
          <p className="visually-hidden" role="status">
            {t('search.count', { count: found.length })}
          </p>
        )}
        {found.map((r) => (
          <ResultItem key={r.post.id} post={r.post} matches={r.matches} />
        ))}
        {results.hasNextPage && (
          <div className="message-list__status">
            <button
              type="button"
              className="btn btn--small"
              disabled={results.isFetchingNextPage}
              onClick={() => void results.fetchNextPage()}
            >
              {results.isFetchingNextPage ? t('app.loading') : t('search.more')}
            </button>
          </div>
        )}
      </div>
    </RhsShell>
  );
}

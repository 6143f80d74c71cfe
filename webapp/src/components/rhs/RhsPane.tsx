import { useEffect, useId, type ReactNode } from 'react';
import type { Team } from '../../api/types';
import { useUi } from '../../store/ui';
import { IconBack, IconClose } from '../icons';
import { t } from '../../i18n/en';
import { ThreadPane } from './ThreadPane';
import { SearchResults } from './SearchResults';
import { PinnedPosts, SavedPosts } from './PostLists';
import { ChannelMembers } from './ChannelMembers';

/** The right-hand pane: a thread, search results, mentions, saved or pinned posts, members. */
export function RhsPane({ team }: { team: Team }) {
  const rhs = useUi((s) => s.rhs);
  const closeRhs = useUi((s) => s.closeRhs);

  useEffect(() => {
    if (!rhs) return;
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Escape' && !useUi.getState().dialog && !e.defaultPrevented) closeRhs();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [rhs, closeRhs]);

  if (!rhs) return null;
  switch (rhs.kind) {
    case 'thread':
      return <ThreadPane key={rhs.rootId} rootId={rhs.rootId} channelId={rhs.channelId} focusId={rhs.focusId} team={team} />;
    case 'search':
      return <SearchResults key={rhs.terms} team={team} terms={rhs.terms} mode="search" />;
    case 'mentions':
      return <SearchResults team={team} terms="" mode="mentions" />;
    case 'saved':
      return <SavedPosts />;
    case 'pinned':
      return <PinnedPosts team={team} channelId={rhs.channelId} />;
    case 'members':
      return <ChannelMembers channelId={rhs.channelId} />;
  }
}

/** The frame every right-hand pane shares: a title, Back (to the list a thread came from), Close. */
export function RhsShell({
  title,
  subtitle,
  closeLabel = t('rhs.close'),
  children,
  footer,
}: {
  title: string;
  subtitle?: ReactNode;
  closeLabel?: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const titleId = useId();
  const back = useUi((s) => s.rhsBack);
  const goBack = useUi((s) => s.rhsGoBack);
  const closeRhs = useUi((s) => s.closeRhs);
  return (
    <aside className="rhs" aria-labelledby={titleId}>
      <header className="rhs__header">
        {back && (
          <button type="button" className="icon-btn" aria-label={t('rhs.back')} title={t('rhs.back')} onClick={goBack}>
            <IconBack />
          </button>
        )}
        <div className="rhs__titles">
          <h2 id={titleId}>{title}</h2>
          {subtitle && <p className="muted">{subtitle}</p>}
        </div>
        <button type="button" className="icon-btn" aria-label={closeLabel} title={closeLabel} onClick={closeRhs}>
          <IconClose />
        </button>
      </header>
      {children}
      {footer}
    </aside>
  );
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { BotTag } from '../post/PostAuthor';
import * as api from '../../api/endpoints';
import type { User } from '../../api/types';
import { useMeUser } from '../../queries/hooks';
import { useChannelById } from '../../queries/channels';
import { useChannelDisplayName } from '../../queries/channelName';
import { keys } from '../../queries/keys';
import { primeUsers } from '../../queries/users';
import { errorMessage } from '../../lib/format';
import { useUi } from '../../store/ui';
import { Avatar } from '../Avatar';
import { t } from '../../i18n/en';
import { RhsShell } from './RhsPane';

/** Who is in a channel, with their presence; channel admins marked; Add members. */
export function ChannelMembers({ channelId }: { channelId: string }) {
  const qc = useQueryClient();
  const me = useMeUser();
  const setDialog = useUi((s) => s.setDialog);
  const { channel } = useChannelById(channelId);
  const name = useChannelDisplayName(channel, me.id);
  const users = useQuery({
    queryKey: keys.channelUsers(channelId),
    queryFn: async () => {
      const [list, members] = await Promise.all([api.getUsersInChannel(channelId, 0, 200), api.getChannelMembersPage(channelId, 0, 200)]);
      primeUsers(qc, list);
      const admins = new Set(members.filter((m) => m.roles.split(' ').includes('channel_admin')).map((m) => m.user_id));
      return { list: list.filter((u) => !u.delete_at), admins };
    },
    staleTime: 30 * 1000,
  });
  const sorted = [...(users.data?.list ?? [])].sort(byName);
  const canAdd = channel && (channel.type === 'O' || channel.type === 'P') && channel.delete_at === 0;

  return (
    <RhsShell title={t('rhs.members')} subtitle={name ? t('thread.in', { name }) : undefined}>
      <div className="rhs__scroll" role="region" aria-label={t('rhs.members')}>
        {canAdd && (
          <div className="rhs__toolbar">
            <button type="button" className="btn btn--small" onClick={() => setDialog('addMembers')}>
              {t('members.add')}
            </button>
          </div>
        )}
        {users.isPending && <p className="message-list__status">{t('app.loading')}</p>}
        {users.error && (
          <p className="message-list__status" role="alert">
            {errorMessage(users.error)}
          </p>
        )}
        <ul className="member-list">
          {sorted.map((u) => (
            <li key={u.id} className="member-list__item">
              <Avatar userId={u.id} size={28} status />
              <span className="member-list__name">
                <strong>{displayName(u)}</strong>
                {u.is_bot && <BotTag />}
                {displayName(u) !== u.username && <span className="muted"> @{u.username}</span>}
                {u.id === me.id && <span className="muted"> {t('user.you')}</span>}
              </span>
              {users.data?.admins.has(u.id) && <span className="tag">{t('members.admin')}</span>}
            </li>
          ))}
        </ul>
      </div>
    </RhsShell>
  );
}

function displayName(u: User): string {
  const full = [u.first_name, u.last_name].filter(Boolean).join(' ');
  return full || u.username;
}

function byName(a: User, b: User): number {
  return displayName(a).localeCompare(displayName(b));
}

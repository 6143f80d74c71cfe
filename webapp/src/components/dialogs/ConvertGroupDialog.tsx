// A group message becomes a private channel of a team all its members are in (Mattermost's
// "Convert to private channel"): its members and messages stay, it leaves Direct Messages.

import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { Channel } from '../../api/types';
import { keys } from '../../queries/keys';
import { errorMessage } from '../../lib/format';
import { useUi } from '../../store/ui';
import { Modal } from '../Modal';
import { FormError } from '../FormError';
import { useAction } from '../useAction';
import { useChannelNameFields } from './ChannelNameFields';
import { t } from '../../i18n/en';

export function ConvertGroupDialog({ channel, onClose }: { channel: Channel; onClose: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const currentTeamId = useUi((s) => s.current.teamId);
  const teams = useQuery({
    queryKey: keys.commonTeams(channel.id),
    queryFn: () => api.getGroupMessageCommonTeams(channel.id),
    staleTime: 0,
  });
  const [teamId, setTeamId] = useState('');
  const { displayName, urlName, fields } = useChannelNameFields();
  const { busy, error, run } = useAction();
  const list = (teams.data ?? []).filter((x) => x.delete_at === 0).sort((a, b) => a.display_name.localeCompare(b.display_name));
  const chosen = list.find((x) => x.id === teamId) ?? list.find((x) => x.id === currentTeamId) ?? list[0];

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return;
    void run(async () => {
      const converted = await api.convertGroupMessageToChannel(channel.id, {
        team_id: chosen.id,
        name: urlName,
        display_name: displayName.trim(),
      });
      await Promise.all([
        qc.invalidateQueries({ queryKey: keys.channelsAll }),
        qc.invalidateQueries({ queryKey: keys.membersAll }),
        qc.invalidateQueries({ queryKey: keys.categoriesAll }),
      ]);
      onClose();
      navigate(`/${chosen.name}/channels/${converted.name || urlName}`, { replace: true });
    });
  }

  return (
    <Modal title={t('convertGm.title')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p>{t('convertGm.intro')}</p>
        {teams.isPending ? (
          <p className="muted">{t('app.loading')}</p>
        ) : teams.error ? (
          <p className="form__error" role="alert">
            {errorMessage(teams.error)}
          </p>
        ) : list.length === 0 ? (
          <p className="form__error" role="alert">
            {t('convertGm.noTeams')}
          </p>
        ) : (
          <label className="field">
            <span>{t('convertGm.team')}</span>
            <select value={chosen?.id ?? ''} onChange={(e) => setTeamId(e.target.value)}>
              {list.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.display_name}
                </option>
              ))}
            </select>
          </label>
        )}
        {fields}
        <FormError message={error} />
        <div className="form__actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="btn btn--primary btn--danger" disabled={busy || !chosen || !displayName.trim() || !urlName}>
            {busy ? t('convertGm.submitting') : t('convertGm.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

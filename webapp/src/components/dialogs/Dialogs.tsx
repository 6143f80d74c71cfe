import { useEffect } from 'react';
import type { Team } from '../../api/types';
import { useChannelById } from '../../queries/channels';
import { useUi } from '../../store/ui';
import { ChannelNotificationsDialog } from '../ChannelNotificationsDialog';
import { ConfirmDialog } from '../ConfirmDialog';
import { AddMembersDialog, BrowseChannelsDialog, CreateChannelDialog, EditChannelDialog } from './ChannelDialogs';
import { DirectMessageDialog } from './DirectMessageDialog';
import { InviteDialog, JoinTeamDialog, TeamSettingsDialog } from './TeamDialogs';
import { ConvertGroupDialog } from './ConvertGroupDialog';
import { QuickSwitcher } from './QuickSwitcher';
import { CustomStatusDialog } from './CustomStatusDialog';
import { InteractiveDialogHost } from './InteractiveDialog';

/** The dialog open now (one at a time), and the keyboard shortcut that opens the switcher. */
export function Dialogs({ team }: { team: Team }) {
  const dialog = useUi((s) => s.dialog);
  const setDialog = useUi((s) => s.setDialog);
  const channelId = useUi((s) => s.current.channelId);
  const { channel } = useChannelById(channelId || undefined);
  const close = () => setDialog(null);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        const ui = useUi.getState();
        ui.setDialog(ui.dialog === 'quickSwitch' ? null : 'quickSwitch');
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <ConfirmDialog />
      <InteractiveDialogHost />
      {renderDialog()}
    </>
  );

  function renderDialog() {
    switch (dialog) {
      case 'createChannel':
        return <CreateChannelDialog team={team} onClose={close} />;
      case 'browseChannels':
        return <BrowseChannelsDialog team={team} onClose={close} />;
      case 'directMessage':
        return <DirectMessageDialog team={team} onClose={close} />;
      case 'invite':
        return <InviteDialog team={team} onClose={close} />;
      case 'joinTeam':
        return <JoinTeamDialog onClose={close} />;
      case 'quickSwitch':
        return <QuickSwitcher team={team} onClose={close} />;
      case 'addMembers':
        return channel ? <AddMembersDialog team={team} channel={channel} onClose={close} /> : null;
      case 'renameChannel':
        return channel ? <EditChannelDialog channel={channel} onClose={close} /> : null;
      case 'teamSettings':
        return <TeamSettingsDialog team={team} onClose={close} />;
      case 'convertGroup':
        return channel?.type === 'G' ? <ConvertGroupDialog channel={channel} onClose={close} /> : null;
      case 'customStatus':
        return <CustomStatusDialog onClose={close} />;
      case 'channelNotifications':
        return channel ? <ChannelNotificationsDialog channel={channel} onClose={close} /> : null;
      default:
        return null;
    }
  }
}

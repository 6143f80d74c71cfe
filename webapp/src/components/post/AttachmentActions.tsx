// The buttons and menus of a message attachment. A click (or a pick) asks the server to call the
// integration (`POST /posts/{post_id}/actions/{action_id}`); the integration's answer updates the
// post through the usual `post_edited` event, so nothing changes here but a failure's message.

import { useState } from 'react';
import type { PostAction } from '../../api/integrationTypes';
import { doPostAction } from '../../api/integrations';
import { actionStyle } from '../../lib/attachments';
import { errorMessage } from '../../lib/format';
import { FormError } from '../FormError';
import { OptionPicker } from '../OptionPicker';

export function AttachmentActions({ postId, actions }: { postId: string; actions: PostAction[] }) {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');

  async function run(action: PostAction, selected = '') {
    setBusy(action.id);
    setError('');
    try {
      await doPostAction(postId, action.id, action.cookie ?? '', selected);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy('');
    }
  }

  return (
    <div className="msg-attachment__actions">
      <div className="msg-attachment__action-list">
        {actions.map((action) =>
          action.type === 'select' ? (
            <SelectAction key={action.id} action={action} disabled={!!action.disabled || !!busy} onPick={(v) => void run(action, v)} />
          ) : (
            <ActionButton key={action.id} action={action} busy={busy === action.id} disabled={!!action.disabled || !!busy} onClick={() => void run(action)} />
          ),
        )}
      </div>
      <FormError message={error} className="msg-attachment__error" />
    </div>
  );
}

function ActionButton({
  action,
  busy,
  disabled,
  onClick,
}: {
  action: PostAction;
  busy: boolean;
  disabled: boolean;
  onClick: () => void;
}) {
  const style = actionStyle(action.style);
  return (
    <button
      type="button"
      className={`btn msg-attachment__action ${style.className}`}
      style={style.color ? { color: style.color, borderColor: style.color } : undefined}
      title={action.tooltip || undefined}
      disabled={disabled}
      aria-busy={busy || undefined}
      data-action-id={action.id}
      onClick={onClick}
    >
      {action.name}
    </button>
  );
}

function SelectAction({
  action,
  disabled,
  onPick,
}: {
  action: PostAction;
  disabled: boolean;
  onPick: (value: string) => void;
}) {
  const [value, setValue] = useState(action.default_option ?? '');
  return (
    <div className="msg-attachment__select" title={action.tooltip || undefined}>
      <OptionPicker
        dataSource={action.data_source}
        options={action.options}
        value={value}
        placeholder={action.name}
        label={action.name}
        disabled={disabled}
        onChange={(v) => {
          setValue(v);
          if (v) onPick(v);
        }}
      />
    </div>
  );
}

// The two name fields of a new channel: its display name, and the URL name that follows it
// (slugified) until the user edits it.

import { useState } from 'react';
import { slugify } from '../../lib/format';
import { t } from '../../i18n/en';

export function useChannelNameFields({ autoFocus = false }: { autoFocus?: boolean } = {}) {
  const [displayName, setDisplayName] = useState('');
  const [name, setName] = useState('');
  const [nameEdited, setNameEdited] = useState(false);
  const urlName = nameEdited ? name : slugify(displayName);
  const fields = (
    <>
      <label className="field">
        <span>{t('createChannel.displayName')}</span>
        <input
          name="display_name"
          autoFocus={autoFocus}
          required
          maxLength={64}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t('createChannel.urlName')}</span>
        <input
          name="name"
          required
          maxLength={64}
          autoCapitalize="none"
          spellCheck={false}
          value={urlName}
          onChange={(e) => {
            setNameEdited(true);
            setName(e.target.value.toLowerCase());
          }}
        />
      </label>
    </>
  );
  return { displayName, urlName, fields };
}

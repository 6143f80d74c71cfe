import { lazy, Suspense, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { logout } from '../api/endpoints';
import { useMeUser } from '../queries/hooks';
import { PERM, usePermissions } from '../queries/permissions';
import { useUi, type ThemeChoice } from '../store/ui';
import { Avatar } from './Avatar';
import { webPushSignedOut } from '../live/webPush';
import { StatusChoices } from './StatusMenu';
import { Popover } from './Popover';
import { t } from '../i18n/en';

const SettingsModal = lazy(() => import('./settings/SettingsModal'));

export function useLogout() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    await webPushSignedOut();
    try {
      await logout();
    } catch {
      // The session is dropped locally either way.
    }
    qc.clear();
    navigate('/login', { replace: true });
  };
}

const THEMES: { value: ThemeChoice; label: () => string }[] = [
  { value: 'system', label: () => t('user.themeSystem') },
  { value: 'light', label: () => t('user.themeLight') },
  { value: 'dark', label: () => t('user.themeDark') },
];

export function UserMenu() {
  const me = useMeUser();
  const [open, setOpen] = useState(false);
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  const doLogout = useLogout();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const setDialog = useUi((s) => s.setDialog);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const can = usePermissions();

  return (
    <div className="popover-anchor">
      <button
        type="button"
        ref={buttonRef}
        className="icon-btn user-menu-btn"
        aria-label={t('user.menu')}
        aria-expanded={open}
        aria-haspopup="true"
        title={me.username}
        onClick={() => setOpen((v) => !v)}
      >
        <Avatar userId={me.id} size={28} status />
      </button>
      {open && (
        <Popover label={t('user.menu')} onClose={() => setOpen(false)} className="popover--menu popover--right">
          <p className="menu-note">{t('user.signedInAs', { username: me.username })}</p>
          <StatusChoices
            onDone={() => setOpen(false)}
            onCustom={() => {
              buttonRef.current?.focus();
              setOpen(false);
              setDialog('customStatus');
            }}
          />
          <fieldset className="menu-fieldset">
            <legend>{t('user.theme')}</legend>
            {THEMES.map((th) => (
              <label key={th.value} className="menu-radio">
                <input
                  type="radio"
                  name="theme"
                  value={th.value}
                  checked={theme === th.value}
                  onChange={() => setTheme(th.value)}
                />
                {th.label()}
              </label>
            ))}
          </fieldset>
          <button
            type="button"
            className="menu-item"
            onClick={() => {
              // Focus goes back to the menu button when the dialog closes.
              buttonRef.current?.focus();
              setOpen(false);
              setSettingsOpen(true);
            }}
          >
            {t('settings.open')}
          </button>
          {can(PERM.manageSystem) && (
            <Link to="/admin_console" className="menu-item" onClick={() => setOpen(false)}>
              {t('admin.title')}
            </Link>
          )}
          <button type="button" className="menu-item" onClick={() => void doLogout()}>
            {t('user.logout')}
          </button>
        </Popover>
      )}
      {settingsOpen && (
        <Suspense fallback={null}>
          <SettingsModal onClose={() => setSettingsOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}

// The Settings dialog: a tab list (arrow keys move between tabs) and the open tab's panel.

import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { Modal } from '../Modal';
import { t, type StringKey } from '../../i18n/en';
import { ProfileTab } from './ProfileTab';
import { SecurityTab } from './SecurityTab';
import { DisplayTab } from './DisplayTab';
import { NotificationsTab } from './NotificationsTab';
import { SidebarTab } from './SidebarTab';
import '../../styles/settings.css';

export type SettingsTabId = 'profile' | 'security' | 'display' | 'notifications' | 'sidebar';

const TABS: { id: SettingsTabId; label: StringKey }[] = [
  { id: 'profile', label: 'settings.tabProfile' },
  { id: 'security', label: 'settings.tabSecurity' },
  { id: 'display', label: 'settings.tabDisplay' },
  { id: 'notifications', label: 'settings.tabNotifications' },
  { id: 'sidebar', label: 'settings.tabSidebar' },
];

export function SettingsModal({
  onClose,
  initialTab = 'profile',
}: {
  onClose: () => void;
  initialTab?: SettingsTabId;
}) {
  const [tab, setTab] = useState<SettingsTabId>(initialTab);
  const base = useId();
  const tabRefs = useRef<Partial<Record<SettingsTabId, HTMLButtonElement | null>>>({});

  function select(id: SettingsTabId) {
    setTab(id);
    const el = tabRefs.current[id];
    el?.focus();
    el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const i = TABS.findIndex((x) => x.id === tab);
    let next = -1;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        next = (i + 1) % TABS.length;
        break;
      case 'ArrowUp':
      case 'ArrowLeft':
        next = (i - 1 + TABS.length) % TABS.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = TABS.length - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    const target = TABS[next];
    if (target) select(target.id);
  }

  return (
    <Modal title={t('settings.title')} onClose={onClose}>
      <div className="settings">
        <div
          className="settings__tabs"
          role="tablist"
          aria-label={t('settings.tabs')}
          aria-orientation="vertical"
          onKeyDown={onKeyDown}
        >
          {TABS.map((x) => {
            const selected = x.id === tab;
            return (
              <button
                key={x.id}
                ref={(el) => {
                  tabRefs.current[x.id] = el;
                }}
                type="button"
                role="tab"
                id={`${base}-tab-${x.id}`}
                aria-selected={selected}
                aria-controls={`${base}-panel-${x.id}`}
                tabIndex={selected ? 0 : -1}
                className={`settings__tab${selected ? ' settings__tab--selected' : ''}`}
                onClick={() => select(x.id)}
              >
                {t(x.label)}
              </button>
            );
          })}
        </div>
        <div
          className="settings__panel"
          role="tabpanel"
          id={`${base}-panel-${tab}`}
          aria-labelledby={`${base}-tab-${tab}`}
          tabIndex={0}
        >
          <h3 className="settings__panel-title">{t(TABS.find((x) => x.id === tab)?.label ?? 'settings.title')}</h3>
          {tab === 'profile' && <ProfileTab />}
          {tab === 'security' && <SecurityTab />}
          {tab === 'display' && <DisplayTab />}
          {tab === 'notifications' && <NotificationsTab />}
          {tab === 'sidebar' && <SidebarTab />}
        </div>
      </div>
    </Modal>
  );
}

export default SettingsModal;

import type { ReactNode } from 'react';
import { t } from '../i18n/en';

export function AuthShell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth__card">
        <div className="auth__brand" aria-hidden="true">
          <svg className="brand-mark" viewBox="0 0 32 32" width="22" height="22" focusable="false">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <path d="M7 10h18M9 10v13M16 10v13M23 10v13M6 24h20" strokeWidth="2.5" strokeLinecap="round" />
          </svg>
          {t('app.name')}
        </div>
        <h1 className="auth__title">{title}</h1>
        {children}
      </div>
    </main>
  );
}

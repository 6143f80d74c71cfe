import type { ReactNode } from 'react';

export function FullPageMessage({ children }: { children: ReactNode }) {
  return (
    <main className="full-page">
      <div className="full-page__box">{children}</div>
    </main>
  );
}

// Component tests' harness (jsdom): a query client with a signed-in user and the client config, a
// router at a team's address, and `fetch` answered by the test (every call is recorded).

import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Outlet, Route, Routes } from 'react-router';
import { vi } from 'vitest';
import type { User } from '../api/types';
import { keys } from '../queries/keys';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Call {
  url: string;
  method: string;
  body: unknown;
}

export const ME: User = { id: 'u1aaaaaaaaaaaaaaaaaaaaaaaa', username: 'ann', roles: 'system_user' };

export interface Harness {
  calls: Call[];
  qc: QueryClient;
  host: HTMLDivElement;
  /** What the server answers a call: default `200 {}`. */
  reply: (call: Call) => { status: number; body: unknown };
  /** `context`: what the team layout gives its pages (`useOutletContext`). */
  render: (node: ReactNode, path?: string, pattern?: string, context?: unknown) => Promise<void>;
  unmount: () => Promise<void>;
}

export function setup(me: User = ME, config: Record<string, string> = {}): Harness {
  let root: Root | null = null;
  const host = document.createElement('div');
  document.body.appendChild(host);
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  qc.setQueryData(keys.me, me);
  qc.setQueryData(keys.config, { TeammateNameDisplay: 'username', ...config });
  const h: Harness = {
    calls: [],
    qc,
    host,
    reply: () => ({ status: 200, body: {} }),
    async render(node, path = '/team1/channels/town-square', pattern = '/:team/channels/:channel', context?: unknown) {
      root = createRoot(host);
      await act(async () =>
        root?.render(
          <QueryClientProvider client={qc}>
            <MemoryRouter initialEntries={[path]}>
              <Routes>
                <Route element={<Outlet context={context} />}>
                  <Route path={pattern} element={node} />
                </Route>
                <Route path="*" element={<p>elsewhere</p>} />
              </Routes>
            </MemoryRouter>
          </QueryClientProvider>,
        ),
      );
    },
    async unmount() {
      if (root) await act(async () => root?.unmount());
      root = null;
      host.remove();
      document.body.innerHTML = '';
      vi.unstubAllGlobals();
    },
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const call = {
        url,
        method: String(init.method ?? 'GET'),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      };
      h.calls.push(call);
      const r = h.reply(call);
      return new Response(r.status === 204 ? null : JSON.stringify(r.body), {
        status: r.status,
        headers: { 'Content-Type': 'application/json' },
      });
    }),
  );
  return h;
}

/** Lets pending promises and React updates settle. */
export async function flush(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

export async function click(el: Element | null | undefined): Promise<void> {
  if (!el) throw new Error('nothing to click');
  await act(async () => {
    (el as HTMLElement).click();
  });
  await flush();
}

/** Types into an input or textarea as React sees it. */
export async function type(el: Element | null | undefined, value: string): Promise<void> {
  if (!el) throw new Error('nothing to type into');
  const input = el as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  const proto = Object.getPrototypeOf(input) as object;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  await act(async () => {
    setter?.call(input, value);
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
  await flush();
}

export function byText(root: ParentNode, selector: string, text: string): HTMLElement | undefined {
  return [...root.querySelectorAll<HTMLElement>(selector)].find((e) => e.textContent?.trim() === text);
}

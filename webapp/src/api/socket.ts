// The WebSocket half of the API client: one connection per signed-in tab, authenticated by the
// session cookie, that reconnects by itself and asks the server to replay what it missed.

import { parseWsMessage, type WsEvent } from './wsEvents';
import type { WsAction } from './types';

export type SocketStatus = 'connecting' | 'connected' | 'reconnecting';

export interface SocketHandlers {
  onEvent: (e: WsEvent) => void;
  onStatus: (s: SocketStatus) => void;
  /**
   * The server started a fresh session (new `connection_id`) after we had been connected, so
   * events may have been lost: everything shown must be fetched again.
   */
  onResync: () => void;
}

/** The subset of the browser's WebSocket the client uses (so tests can supply a fake). */
export interface SocketLike {
  readyState: number;
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface SocketOptions {
  /** Base URL of the socket; defaults to this page's origin. */
  url?: string;
  create?: (url: string) => SocketLike;
  /** Delay before reconnect attempt `n` (1-based), ms. */
  backoff?: (attempt: number) => number;
  pingIntervalMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

const OPEN = 1;

export function defaultSocketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/v4/websocket`;
}

export function defaultBackoff(attempt: number): number {
  const base = Math.min(1000 * 2 ** Math.min(attempt - 1, 4), 15000);
  return base + Math.floor(Math.random() * 500);
}

/** The URL of a (re)connection: with `connection_id` and the next expected `sequence_number`. */
export function socketUrl(base: string, connectionId: string, nextSeq: number): string {
  if (!connectionId) return base;
  return `${base}?connection_id=${encodeURIComponent(connectionId)}&sequence_number=${nextSeq}`;
}

export class StoaSocket {
  private ws: SocketLike | null = null;
  private connectionId = '';
  /** The `seq` the next event must carry. */
  private nextSeq = 0;
  private actionSeq = 1;
  private attempts = 0;
  private everConnected = false;
  private stopped = true;
  private reconnectTimer: unknown = null;
  private pingTimer: unknown = null;
  private pendingPing = 0;
  private status: SocketStatus = 'connecting';
  private readonly opts: Required<SocketOptions>;

  constructor(
    private readonly handlers: SocketHandlers,
    opts: SocketOptions = {},
  ) {
    this.opts = {
      url: opts.url ?? '',
      create: opts.create ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      backoff: opts.backoff ?? defaultBackoff,
      pingIntervalMs: opts.pingIntervalMs ?? 30000,
      setTimer: opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms)),
      clearTimer: opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>)),
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      ws.onerror = null;
      ws.close(1000);
    }
  }

  /** Reconnects now if a reconnect is pending (the browser came back online, the tab woke). */
  nudge(): void {
    if (this.stopped || this.ws) return;
    if (this.reconnectTimer !== null) this.opts.clearTimer(this.reconnectTimer);
    this.reconnectTimer = null;
    this.open();
  }

  /** Sends an action; returns false when the socket is not open. */
  send(action: string, data?: Record<string, unknown>): boolean {
    if (!this.ws || this.ws.readyState !== OPEN) return false;
    const msg: WsAction = { seq: this.actionSeq++, action, data };
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  /** The server's id of this connection (`""` before the first hello). */
  getConnectionId(): string {
    return this.connectionId;
  }

  userTyping(channelId: string, parentId = ''): boolean {
    return this.send('user_typing', { channel_id: channelId, parent_id: parentId });
  }

  private setStatus(s: SocketStatus): void {
    if (s === this.status) return;
    this.status = s;
    this.handlers.onStatus(s);
  }

  private open(): void {
    const base = this.opts.url || defaultSocketUrl();
    const ws = this.opts.create(socketUrl(base, this.connectionId, this.nextSeq));
    this.ws = ws;
    ws.onopen = () => {
      // Up and authenticated (the upgrade carried the session cookie). A resumed connection with
      // nothing missed gets no message at all, so this is where it counts as connected.
      this.attempts = 0;
      if (this.everConnected) this.setStatus('connected');
      this.startPing();
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data === 'string') this.receive(ev.data);
    };
    ws.onerror = () => {
      // A close event always follows.
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearTimers();
      if (this.stopped) return;
      this.setStatus('reconnecting');
      this.attempts += 1;
      this.reconnectTimer = this.opts.setTimer(() => {
        this.reconnectTimer = null;
        if (!this.stopped) this.open();
      }, this.opts.backoff(this.attempts));
    };
  }

  private receive(raw: string): void {
    const msg = parseWsMessage(raw);
    if (msg.kind === 'reply') {
      if (msg.reply.seq_reply === this.pendingPing) this.pendingPing = 0;
      return;
    }
    const seq = msg.kind === 'event' ? msg.event.seq : msg.seq;
    if (msg.kind === 'event' && msg.event.type === 'hello') {
      this.connectionId = msg.event.connectionId;
      this.nextSeq = 1;
      const wasConnected = this.everConnected;
      this.everConnected = true;
      this.setStatus('connected');
      this.handlers.onEvent(msg.event);
      // A hello after the first one means the server could not resume the old connection.
      if (wasConnected) this.handlers.onResync();
      return;
    }
    if (seq === undefined) return;
    if (seq !== this.nextSeq) {
      // A gap or a repeat: reconnect and let the server replay from what we expect.
      if (this.ws) {
        this.ws.onmessage = null;
        this.ws.close(4001, 'sequence mismatch');
      }
      return;
    }
    this.nextSeq = seq + 1;
    if (msg.kind === 'event') this.handlers.onEvent(msg.event);
  }

  private startPing(): void {
    this.pendingPing = 0;
    const tick = () => {
      this.pingTimer = null;
      if (!this.ws || this.ws.readyState !== OPEN) return;
      if (this.pendingPing) {
        // The previous ping got no answer: the connection is dead even if the browser thinks not.
        this.ws.close(4000, 'ping timeout');
        return;
      }
      this.pendingPing = this.actionSeq;
      this.send('ping');
      this.pingTimer = this.opts.setTimer(tick, this.opts.pingIntervalMs);
    };
    this.pingTimer = this.opts.setTimer(tick, this.opts.pingIntervalMs);
  }

  private clearTimers(): void {
    if (this.pingTimer !== null) this.opts.clearTimer(this.pingTimer);
    this.pingTimer = null;
    if (this.reconnectTimer !== null) this.opts.clearTimer(this.reconnectTimer);
    this.reconnectTimer = null;
  }
}

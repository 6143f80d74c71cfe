import { describe, expect, it } from 'vitest';
import { StoaSocket, socketUrl, type SocketLike, type SocketStatus } from './socket';
import type { WsEvent } from './wsEvents';

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  sent: string[] = [];
  closedWith: number | undefined;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close(code?: number) {
    this.closedWith = code;
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
  open() {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  receive(o: unknown) {
    this.onmessage?.({ data: JSON.stringify(o) } as MessageEvent);
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const events: WsEvent[] = [];
  const statuses: SocketStatus[] = [];
  let resyncs = 0;
  const timers: (() => void)[] = [];
  const socket = new StoaSocket(
    {
      onEvent: (e) => events.push(e),
      onStatus: (s) => statuses.push(s),
      onResync: () => {
        resyncs += 1;
      },
    },
    {
      url: 'ws://host/api/v4/websocket',
      create: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      backoff: () => 10,
      setTimer: (fn) => {
        timers.push(fn);
        return timers.length;
      },
      clearTimer: () => {},
    },
  );
  const runTimers = () => {
    for (const fn of timers.splice(0)) fn();
  };
  return { socket, sockets, events, statuses, resyncs: () => resyncs, runTimers };
}

const hello = (id: string) => ({ event: 'hello', data: { connection_id: id }, broadcast: {}, seq: 0 });
const typing = (seq: number) => ({
  event: 'typing',
  data: { user_id: 'u', parent_id: '' },
  broadcast: { channel_id: 'c' },
  seq,
});

describe('socketUrl', () => {
  it('asks to resume from the next expected sequence number', () => {
    expect(socketUrl('ws://h/api/v4/websocket', '', 0)).toBe('ws://h/api/v4/websocket');
    expect(socketUrl('ws://h/api/v4/websocket', 'abc', 5)).toBe(
      'ws://h/api/v4/websocket?connection_id=abc&sequence_number=5',
    );
  });
});

describe('StoaSocket', () => {
  it('delivers events in sequence after hello', () => {
    const t = setup();
    t.socket.start();
    const s = t.sockets[0]!;
    s.open();
    s.receive(hello('conn1'));
    s.receive(typing(1));
    s.receive(typing(2));
    expect(t.events.map((e) => e.type)).toEqual(['hello', 'typing', 'typing']);
    expect(t.statuses).toEqual(['connected']);
  });

  it('reconnects with connection_id and sequence_number and takes the replay without resync', () => {
    const t = setup();
    t.socket.start();
    const s = t.sockets[0]!;
    s.open();
    s.receive(hello('conn1'));
    s.receive(typing(1));
    s.drop();
    expect(t.statuses).toEqual(['connected', 'reconnecting']);
    t.runTimers();
    const s2 = t.sockets[1]!;
    expect(s2.url).toBe('ws://host/api/v4/websocket?connection_id=conn1&sequence_number=2');
    s2.open();
    s2.receive(typing(2)); // replayed, no hello
    expect(t.statuses.at(-1)).toBe('connected');
    expect(t.events.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(t.resyncs()).toBe(0);
  });

  it('counts a resumed connection with nothing missed as connected', () => {
    const t = setup();
    t.socket.start();
    t.sockets[0]!.open();
    t.sockets[0]!.receive(hello('conn1'));
    t.sockets[0]!.drop();
    t.runTimers();
    t.sockets[1]!.open();
    expect(t.statuses).toEqual(['connected', 'reconnecting', 'connected']);
  });

  it('retries with backoff while the server is unreachable', () => {
    const t = setup();
    t.socket.start();
    t.sockets[0]!.drop(); // never opened
    expect(t.statuses).toEqual(['reconnecting']);
    t.runTimers();
    t.sockets[1]!.drop();
    t.runTimers();
    expect(t.sockets).toHaveLength(3);
    expect(t.sockets[2]!.url).toBe('ws://host/api/v4/websocket');
  });

  it('sends a ping and reconnects when the previous one got no answer', () => {
    const t = setup();
    t.socket.start();
    const s = t.sockets[0]!;
    s.open();
    s.receive(hello('conn1'));
    t.runTimers(); // first tick: ping sent
    expect(JSON.parse(s.sent.at(-1)!)).toEqual({ seq: 1, action: 'ping' });
    s.receive({ status: 'OK', seq_reply: 1, data: { text: 'pong' } });
    t.runTimers(); // answered: another ping
    expect(s.closedWith).toBeUndefined();
    t.runTimers(); // not answered
    expect(s.closedWith).toBe(4000);
  });

  it('asks for a full refetch when the server starts over with a new hello', () => {
    const t = setup();
    t.socket.start();
    t.sockets[0]!.open();
    t.sockets[0]!.receive(hello('conn1'));
    t.sockets[0]!.drop();
    t.runTimers();
    const s2 = t.sockets[1]!;
    s2.open();
    s2.receive(hello('conn2'));
    s2.receive(typing(1));
    expect(t.resyncs()).toBe(1);
    expect(t.events.map((e) => e.type)).toEqual(['hello', 'hello', 'typing']);
  });

  it('closes and resumes on a gap in the sequence', () => {
    const t = setup();
    t.socket.start();
    const s = t.sockets[0]!;
    s.open();
    s.receive(hello('conn1'));
    s.receive(typing(1));
    s.receive(typing(3));
    expect(s.closedWith).toBe(4001);
    expect(t.events.map((e) => e.seq)).toEqual([0, 1]);
    t.runTimers();
    expect(t.sockets[1]!.url).toContain('sequence_number=2');
  });

  it('sends typing as a user_typing action with increasing seq', () => {
    const t = setup();
    t.socket.start();
    const s = t.sockets[0]!;
    expect(t.socket.userTyping('c1')).toBe(false); // not open yet
    s.open();
    expect(t.socket.userTyping('c1')).toBe(true);
    expect(t.socket.userTyping('c1', 'root')).toBe(true);
    expect(s.sent.map((x) => JSON.parse(x))).toEqual([
      { seq: 1, action: 'user_typing', data: { channel_id: 'c1', parent_id: '' } },
      { seq: 2, action: 'user_typing', data: { channel_id: 'c1', parent_id: 'root' } },
    ]);
  });

  it('does not reconnect once stopped', () => {
    const t = setup();
    t.socket.start();
    t.sockets[0]!.open();
    t.socket.stop();
    t.runTimers();
    expect(t.sockets).toHaveLength(1);
  });
});

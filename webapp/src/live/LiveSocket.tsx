// Keeps the WebSocket open while the user is signed in and feeds its events to the cache.

import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { StoaSocket } from '../api/socket';
import { handleEvent, resync } from '../queries/live';
import { useUi } from '../store/ui';

let current: StoaSocket | null = null;

/** The open socket, to send typing notices on. */
export function getSocket(): StoaSocket | null {
  return current;
}

export function LiveSocket({ myUserId }: { myUserId: string }) {
  const qc = useQueryClient();

  useEffect(() => {
    const ui = useUi.getState();
    const socket = new StoaSocket({
      onEvent: (ev) => handleEvent(qc, ev, { myUserId }),
      onStatus: (s) => ui.setSocketStatus(s),
      onResync: () => resync(qc),
    });
    current = socket;
    socket.start();
    const nudge = () => socket.nudge();
    const onVisible = () => {
      if (document.visibilityState === 'visible') socket.nudge();
    };
    window.addEventListener('online', nudge);
    document.addEventListener('visibilitychange', onVisible);
    const typingTimer = setInterval(() => useUi.getState().expireTyping(), 1000);
    return () => {
      window.removeEventListener('online', nudge);
      document.removeEventListener('visibilitychange', onVisible);
      clearInterval(typingTimer);
      socket.stop();
      if (current === socket) current = null;
    };
  }, [qc, myUserId]);

  return null;
}

// The interactive dialog an integration opened (`open_dialog`), until it is submitted or closed.
// One at a time, as in Mattermost: a new one replaces the one shown.

import { create } from 'zustand';
import type { OpenDialogRequest } from '../api/integrationTypes';

interface InteractiveDialogState {
  request: OpenDialogRequest | null;
  open: (request: OpenDialogRequest) => void;
  close: () => void;
}

export const useInteractiveDialog = create<InteractiveDialogState>((set) => ({
  request: null,
  open: (request) => set({ request }),
  close: () => set({ request: null }),
}));

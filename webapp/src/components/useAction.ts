// A user's action that can fail (a dialog's Save, a Join button): `busy` while it runs, `error`
// with the message to show when it failed. What the user typed stays where it is.

import { useCallback, useState } from 'react';
import { errorMessage } from '../lib/format';

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = useCallback(async (fn: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError('');
    try {
      await fn();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

import { useCallback, useState } from 'react';

/**
 * The state of one button's API call: busy while it runs, the error it ended with (shown by
 * ErrorAlert), cleared when it runs again.
 *
 * @example
 * const { busy, error, run } = useAction();
 * <Button loading={busy} onClick={() => void run(() => api.createPath({ body: { name } }))} />
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (work: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

import { useEffect, useState } from 'react';

import { errorMessage } from '../api';

export interface AsyncState<T> {
  value?: T;
  loading: boolean;
  error?: string;
}

interface Settled<T> {
  promise?: Promise<T>;
  value?: T;
  error?: string;
}

/**
 * The latest answer of a promise the caller memoises (useMemo with its
 * deps): an answer for an older promise is dropped, and the previous value
 * stays while the next one loads. No promise means "nothing to load" (for
 * example no source chosen yet).
 */
export function useAsync<T>(promise: Promise<T> | undefined): AsyncState<T> {
  const [settled, setSettled] = useState<Settled<T>>({});
  useEffect(() => {
    let current = true;
    promise?.then(
      (value) => current && setSettled({ promise, value }),
      (err: unknown) => current && setSettled({ promise, error: errorMessage(err) })
    );
    return () => {
      current = false;
    };
  }, [promise]);
  if (!promise) {
    return { loading: false };
  }
  if (settled.promise !== promise) {
    return { loading: true, value: settled.value };
  }
  return { loading: false, value: settled.value, error: settled.error };
}

/** value, or its last value while value changes faster than delay (ms). */
export function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(t);
  }, [value, delay]);
  return debounced;
}

/**
 * Wakes subscriptions in this process the moment any store on the same file commits, so live delivery does not wait
 * for the next poll. Appends made by other processes are not seen here; subscriptions poll for those.
 */
type Listener = () => void;

const listenersByFile = new Map<string, Set<Listener>>();

/** Starts listening for commits to `fileKey`; the returned function stops it. */
export function listenForAppends(fileKey: string, listener: Listener): () => void {
  let listeners = listenersByFile.get(fileKey);
  if (!listeners) {
    listeners = new Set();
    listenersByFile.set(fileKey, listeners);
  }
  listeners.add(listener);
  return () => {
    const current = listenersByFile.get(fileKey);
    if (!current) return;
    current.delete(listener);
    if (current.size === 0) listenersByFile.delete(fileKey);
  };
}

export function announceAppend(fileKey: string): void {
  const listeners = listenersByFile.get(fileKey);
  if (!listeners) return;
  // A copy, because a woken subscription may close (and unlisten) while we are still calling the others.
  for (const listener of [...listeners]) listener();
}

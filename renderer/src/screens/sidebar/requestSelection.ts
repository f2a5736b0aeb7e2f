// Which message requests the person chose for a bulk action. Choices of rows that left the list
// (declined, accepted, blocked elsewhere) are forgotten; shift extends from the last row chosen.
import { useCallback, useMemo, useRef, useState } from 'react';

export interface RequestSelection {
  readonly chosen: ReadonlySet<string>;
  choose(conversationId: string, checked: boolean, range: boolean): void;
  chooseAll(checked: boolean): void;
  clear(): void;
}

export function useRequestSelection(ids: readonly string[]): RequestSelection {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const lastRef = useRef<string | null>(null);
  const idsRef = useRef(ids);
  idsRef.current = ids;

  const chosen = useMemo(() => {
    if (picked.size === 0) return picked;
    const listed = new Set(ids);
    const kept = [...picked].filter((id) => listed.has(id));
    return kept.length === picked.size ? picked : new Set(kept);
  }, [ids, picked]);

  const choose = useCallback((conversationId: string, checked: boolean, range: boolean) => {
    // The range is read now: the state updater below may run later, after lastRef has moved on.
    const list = idsRef.current;
    const from = lastRef.current === null ? -1 : list.indexOf(lastRef.current);
    const to = list.indexOf(conversationId);
    const span =
      range && from >= 0 && to >= 0
        ? list.slice(Math.min(from, to), Math.max(from, to) + 1)
        : [conversationId];
    lastRef.current = conversationId;
    setPicked((previous) => {
      const next = new Set(previous);
      for (const id of span) {
        if (checked) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);

  const chooseAll = useCallback((checked: boolean) => {
    setPicked(checked ? new Set(idsRef.current) : new Set());
    lastRef.current = null;
  }, []);

  const clear = useCallback(() => chooseAll(false), [chooseAll]);
  return { chosen, choose, chooseAll, clear };
}

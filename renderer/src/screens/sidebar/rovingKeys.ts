// The keys that move the focus along a list with one tab stop (roving tabindex): which row a key
// leads to from `current`, or undefined for a key that does not move it.
export function rovingTarget(key: string, current: number, count: number): number | undefined {
  let next: number | undefined;
  if (key === 'ArrowDown') next = Math.min(current + 1, count - 1);
  else if (key === 'ArrowUp') next = Math.max(current - 1, 0);
  else if (key === 'Home') next = 0;
  else if (key === 'End') next = count - 1;
  return next === undefined || next < 0 ? undefined : next;
}

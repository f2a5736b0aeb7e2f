// How a voice note's times read: minutes and seconds, as a player shows them.

/** `m:ss` for a duration in milliseconds (65 000 → "1:05"); negative or unknown reads as 0:00. */
export function minutesAndSeconds(milliseconds: number): string {
  const totalSeconds =
    Number.isFinite(milliseconds) && milliseconds > 0 ? Math.floor(milliseconds / 1000) : 0;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** The same time in words for screen readers: "1 minute 5 seconds". */
export function spokenDuration(milliseconds: number): string {
  const totalSeconds =
    Number.isFinite(milliseconds) && milliseconds > 0 ? Math.floor(milliseconds / 1000) : 0;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (minutes === 0) return plural(seconds, 'second');
  return seconds === 0
    ? plural(minutes, 'minute')
    : `${plural(minutes, 'minute')} ${plural(seconds, 'second')}`;
}

// The way to the network view from elsewhere (the sidebar's path dot, issue #17 item 14): open the
// settings and bring their Network section into view with the focus on it, so a keyboard or screen
// reader user lands where the paths are described.
import { showScreen } from '../../store/actions';

export const networkSectionId = 'settings-network';

export function showNetwork(): void {
  showScreen('settings');
  // The settings render on the next frame; the section exists from then.
  requestAnimationFrame(() => {
    const section = document.getElementById(networkSectionId);
    if (!section) return;
    section.scrollIntoView({ block: 'start' });
    section.focus({ preventScroll: true });
  });
}

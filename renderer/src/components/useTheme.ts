// Puts the chosen theme on <html> (light, dark, or the system's, followed live).
import { useEffect } from 'react';
import { useAppStore } from '../store/store';

export function useThemeClass(): void {
  const theme = useAppStore((state) => state.theme);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = (): void => {
      const dark = theme === 'dark' || (theme === 'system' && media.matches);
      document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}

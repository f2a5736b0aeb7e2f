import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { applicationMenuTemplate } from './applicationMenu';

vi.mock('electron', () => ({}));

function roles(items: readonly MenuItemConstructorOptions[]): (string | undefined)[] {
  return items.flatMap((item) => [item.role, ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]);
}

describe('applicationMenuTemplate', () => {
  it('has the usual editing roles', () => {
    const template = applicationMenuTemplate({ platform: 'linux', development: false, showAbout: () => {} });
    const edit = template.find((item) => item.label === '&Edit');
    expect(roles(edit?.submenu as MenuItemConstructorOptions[])).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
    );
    expect(roles(template)).toEqual(expect.arrayContaining(['quit', 'windowMenu', 'help']));
  });

  it('offers reload and the developer tools only in development', () => {
    const production = roles(
      applicationMenuTemplate({ platform: 'win32', development: false, showAbout: () => {} }),
    );
    expect(production).not.toContain('reload');
    expect(production).not.toContain('forceReload');
    expect(production).not.toContain('toggleDevTools');
    const development = roles(
      applicationMenuTemplate({ platform: 'win32', development: true, showAbout: () => {} }),
    );
    expect(development).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('starts with the app menu on macOS', () => {
    const template = applicationMenuTemplate({ platform: 'darwin', development: false, showAbout: () => {} });
    expect(template[0]?.role).toBe('appMenu');
    expect(roles(template)).not.toContain('quit');
  });

  it('shows the about panel from Help', () => {
    const showAbout = vi.fn();
    const template = applicationMenuTemplate({ platform: 'linux', development: false, showAbout });
    const help = template.find((item) => item.role === 'help');
    const item = (help?.submenu as MenuItemConstructorOptions[])[0];
    (item?.click as () => void)();
    expect(showAbout).toHaveBeenCalledOnce();
  });
});

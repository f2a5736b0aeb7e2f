import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { StarlingTray, trayMenuTemplate, trayTooltip } from './tray';
import { closeAction, quitsWithLastWindow } from './windowClosing';

vi.mock('electron', () => ({}));

function fakeElectron() {
  const handlers = new Map<string, () => void>();
  const tray = {
    on: vi.fn((name: string, handler: () => void) => handlers.set(name, handler)),
    setToolTip: vi.fn(),
    setContextMenu: vi.fn(),
    destroy: vi.fn(),
  };
  const menus: MenuItemConstructorOptions[][] = [];
  return {
    tray,
    menus,
    handlers,
    electron: {
      createTray: () => tray as unknown as Tray,
      buildMenu: (template: MenuItemConstructorOptions[]) => {
        menus.push(template);
        return {} as Menu;
      },
      image: {} as NativeImage,
    },
  };
}

describe('the tray', () => {
  it('says how many messages are unread, in words', () => {
    expect(trayTooltip(0)).toBe('Starling');
    expect(trayTooltip(1)).toBe('Starling: 1 unread message');
    expect(trayTooltip(12)).toBe('Starling: 12 unread messages');
  });

  it('opens the window or quits from its menu, and opens the window on a click', () => {
    const actions = { showWindow: vi.fn(), quit: vi.fn() };
    const { tray, menus, handlers, electron } = fakeElectron();
    const starlingTray = new StarlingTray(electron, actions);
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Starling');
    const [open, , quit] = menus.at(-1)!;
    expect(open!.label).toBe('Open Starling');
    (open!.click as () => void)();
    (quit!.click as () => void)();
    handlers.get('click')!();
    expect(actions.showWindow).toHaveBeenCalledTimes(2);
    expect(actions.quit).toHaveBeenCalledTimes(1);

    starlingTray.setUnread(3);
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Starling: 3 unread messages');
    expect(menus.at(-1)![0]!.label).toBe('Open Starling (3 unread)');
    const built = menus.length;
    starlingTray.setUnread(3); // Nothing changed: no new menu.
    expect(menus).toHaveLength(built);
    starlingTray.destroy();
    expect(tray.destroy).toHaveBeenCalled();
  });

  it('lists its items in the usual order', () => {
    const template = trayMenuTemplate(0, { showWindow: () => undefined, quit: () => undefined });
    expect(template.map((item) => item.label ?? item.type)).toEqual([
      'Open Starling',
      'separator',
      'Quit Starling',
    ]);
  });
});

describe('closing the window', () => {
  it('hides it on macOS until the person quits, and closes it elsewhere', () => {
    expect(closeAction('darwin', false)).toBe('hide');
    expect(closeAction('darwin', true)).toBe('close');
    expect(closeAction('win32', false)).toBe('close');
    expect(closeAction('linux', false)).toBe('close');
    expect(quitsWithLastWindow('darwin')).toBe(false);
    expect(quitsWithLastWindow('win32')).toBe(true);
    expect(quitsWithLastWindow('linux')).toBe(true);
  });
});

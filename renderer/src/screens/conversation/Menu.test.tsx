// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MenuButton } from './Menu';

afterEach(cleanup);

const sections = [{ items: [{ key: 'alpha', label: 'Alpha', onSelect: vi.fn() }] }];

describe('MenuButton', () => {
  it('renders once when it mounts (a scrolled message list mounts two a row), and opens on a click', () => {
    const renders = vi.fn();
    render(
      <Profiler id="menu" onRender={renders}>
        <MenuButton label="More actions" sections={sections}>
          ⋯
        </MenuButton>
      </Profiler>,
    );
    expect(renders).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('menu')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'More actions' }));
    expect(screen.getByRole('menu', { name: 'More actions' })).toBeTruthy();
    expect(screen.getByRole('menuitem', { name: 'Alpha' })).toBeTruthy();
  });

  it('shows its menu when it mounts already open', () => {
    render(
      <MenuButton label="More actions" sections={sections} open onOpenChange={vi.fn()}>
        ⋯
      </MenuButton>,
    );
    expect(screen.getByRole('menu', { name: 'More actions' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'More actions' }).getAttribute('aria-expanded')).toBe('true');
  });
});

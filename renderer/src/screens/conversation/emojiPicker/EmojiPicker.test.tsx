// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import data from 'emojibase-data/en/compact.json';
import shortcodes from 'emojibase-data/en/shortcodes/emojibase.json';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EmojiPreferencesView } from '../../../../../shared/contract/views';
import { buildCatalog } from './emojiCatalog';
import { EmojiPicker } from './EmojiPicker';

const catalog = buildCatalog(data, shortcodes);

function open(preferences: Partial<EmojiPreferencesView> = {}) {
  const onPick = vi.fn();
  const onSkinTone = vi.fn();
  const onClose = vi.fn();
  const view = render(
    <EmojiPicker
      label="Insert emoji"
      catalog={catalog}
      preferences={{ recent: [], skinTone: 'none', ...preferences }}
      onPick={onPick}
      onSkinTone={onSkinTone}
      onClose={onClose}
    />,
  );
  return { ...view, onPick, onSkinTone, onClose };
}

const search = () => screen.getByRole('searchbox', { name: 'Search emoji' });
const grid = () => screen.getByRole('grid');
const cells = () => within(grid()).getAllByRole('gridcell');
const cellNames = () => cells().map((cell) => cell.getAttribute('aria-label'));

describe('EmojiPicker', () => {
  afterEach(cleanup);

  it('finds thumbs up by “thumb” and picks the best match with Enter', () => {
    const { onPick } = open();
    fireEvent.change(search(), { target: { value: 'thumb' } });
    expect(cellNames().slice(0, 2)).toEqual(['thumbs up', 'thumbs down']);
    expect(grid().getAttribute('aria-label')).toBe('Emoji for “thumb”');
    fireEvent.keyDown(search(), { key: 'Enter' });
    expect(onPick).toHaveBeenCalledWith(
      expect.objectContaining({ emoji: '👍', base: '👍', name: 'thumbs up' }),
    );
  });

  it('says when nothing matches', () => {
    open();
    fireEvent.change(search(), { target: { value: 'qqxzv' } });
    expect(screen.queryByRole('grid')).toBeNull();
    expect(screen.getByRole('heading', { name: 'No emoji found for “qqxzv”' })).toBeTruthy();
  });

  it('applies the skin tone to the emoji that take one, and only to those', () => {
    const { onPick } = open({ skinTone: 'medium' });
    fireEvent.change(search(), { target: { value: 'thumbs up' } });
    const thumbs = cells()[0]!;
    expect(thumbs.getAttribute('aria-label')).toBe('thumbs up: medium skin tone');
    expect(thumbs.textContent).toBe('👍🏽');
    fireEvent.click(thumbs);
    // The form without a tone is what "Recent" remembers.
    expect(onPick).toHaveBeenCalledWith(expect.objectContaining({ emoji: '👍🏽', base: '👍' }));
    fireEvent.change(search(), { target: { value: 'grinning face' } });
    expect(cells()[0]?.textContent).toBe('😀');
  });

  it('chooses a tone from its row and gives the focus back to the tone button', () => {
    const { onSkinTone } = open();
    const toneButton = screen.getByRole('button', { name: 'Skin tone: No' });
    fireEvent.click(toneButton);
    expect(toneButton.getAttribute('aria-expanded')).toBe('true');
    const tones = screen.getByRole('group', { name: 'Skin tone' });
    const choices = within(tones).getAllByRole('button');
    expect(choices.map((choice) => choice.getAttribute('aria-label'))).toEqual([
      'No skin tone',
      'Light skin tone',
      'Medium-light skin tone',
      'Medium skin tone',
      'Medium-dark skin tone',
      'Dark skin tone',
    ]);
    expect(document.activeElement).toBe(choices[0]);
    fireEvent.keyDown(choices[0]!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(choices[5]);
    fireEvent.click(choices[5]!);
    expect(onSkinTone).toHaveBeenCalledWith('dark');
    expect(screen.queryByRole('group', { name: 'Skin tone' })).toBeNull();
    expect(document.activeElement).toBe(toneButton);
  });

  it('opens on Recent, best first, in the tone chosen; an emoji it does not know is still shown', () => {
    open({ recent: ['🎉', '👍', '🫟🫟'], skinTone: 'light' });
    const recent = screen.getByRole('tab', { name: 'Recent' });
    expect(recent.getAttribute('aria-selected')).toBe('true');
    expect(cellNames()).toEqual(['party popper', 'thumbs up: light skin tone', '🫟🫟']);
    expect(cells().map((cell) => cell.textContent)).toEqual(['🎉', '👍🏻', '🫟🫟']);
  });

  it('opens on Smileys without recent emoji, and says what Recent will hold', () => {
    open();
    expect(screen.getByRole('tab', { name: 'Smileys & emotion' }).getAttribute('aria-selected')).toBe('true');
    expect(cellNames()[0]).toBe('grinning face');
    fireEvent.click(screen.getByRole('tab', { name: 'Recent' }));
    expect(screen.getByText('The emoji you pick appear here.')).toBeTruthy();
    expect(screen.queryByRole('grid')).toBeNull();
  });

  it('moves between categories with the arrow keys on the tabs', () => {
    open();
    const smileys = screen.getByRole('tab', { name: 'Smileys & emotion' });
    fireEvent.keyDown(smileys, { key: 'ArrowRight' });
    const people = screen.getByRole('tab', { name: 'People & body' });
    expect(people.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(people);
    expect(grid().getAttribute('aria-label')).toBe('People & body');
    fireEvent.keyDown(people, { key: 'ArrowLeft' });
    fireEvent.keyDown(smileys, { key: 'ArrowLeft' });
    expect(screen.getByRole('tab', { name: 'Recent' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    // Round from the first to the last.
    expect(screen.getByRole('tab', { name: 'Flags' }).getAttribute('aria-selected')).toBe('true');
  });

  it('is driven by the keyboard: Down into the grid, arrows move, Enter picks, Escape closes', () => {
    const { onPick, onClose } = open();
    fireEvent.keyDown(search(), { key: 'ArrowDown' });
    const all = cells();
    expect(document.activeElement).toBe(all[0]);
    // One roving tab stop in the grid.
    expect(all.filter((cell) => cell.tabIndex === 0)).toHaveLength(1);
    fireEvent.keyDown(all[0]!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(all[1]);
    fireEvent.keyDown(all[1]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(all[10]);
    fireEvent.keyDown(all[10]!, { key: 'End' });
    expect(document.activeElement).toBe(all[17]);
    fireEvent.keyDown(all[17]!, { key: 'Home' });
    expect(document.activeElement).toBe(all[9]);
    fireEvent.keyDown(all[9]!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(all[0]);
    fireEvent.keyDown(all[0]!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(all[0]);
    fireEvent.keyDown(all[0]!, { key: 'ArrowRight' });
    fireEvent.keyDown(all[1]!, { key: 'Enter' });
    expect(onPick).toHaveBeenCalledWith(
      expect.objectContaining({ name: all[1]!.getAttribute('aria-label') }),
    );
    fireEvent.keyDown(all[1]!, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('keeps Tab inside the picker: search, tone, category, grid, and round again', () => {
    open();
    search().focus();
    const order: (string | null)[] = [];
    for (let step = 0; step < 5; step += 1) {
      fireEvent.keyDown(document.activeElement!, { key: 'Tab' });
      const focused = document.activeElement!;
      order.push(focused.getAttribute('aria-label') ?? focused.getAttribute('placeholder'));
    }
    expect(order).toEqual([
      'Skin tone: No',
      'Smileys & emotion',
      'grinning face',
      'Search emoji',
      'Skin tone: No',
    ]);
  });

  it('names every emoji for screen readers and previews the one in focus', () => {
    const { container } = open();
    const first = cells()[0]!;
    expect(first.getAttribute('aria-label')).toBe('grinning face');
    fireEvent.focus(first);
    const preview = container.querySelector('.emoji-picker__preview')!;
    expect(preview.getAttribute('aria-hidden')).toBe('true');
    expect(preview.textContent).toContain('grinning face');
    expect(preview.textContent).toContain(':grinning:');
  });
});

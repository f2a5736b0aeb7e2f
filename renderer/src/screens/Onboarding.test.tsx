// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialState, setState } from '../store/store';
import { Onboarding } from './Onboarding';

beforeEach(() => {
  setState({ ...initialState, startup: { state: 'needsAccount' } as never }, true);
});
afterEach(cleanup);

describe('the welcome screen (issue #17)', () => {
  it("shows Starling's mark, not an empty square (item 11)", () => {
    render(<Onboarding />);
    const logo = screen.getByTestId('logo');
    expect(logo.tagName.toLowerCase()).toBe('svg');
    // The two stars of assets/icon.svg are drawn on the square.
    expect(logo.querySelectorAll('polygon')).toHaveLength(2);
    expect(logo.getAttribute('aria-hidden')).toBe('true');
  });

  it('gives the first action the focus, so a keyboard starts at once (item 15)', () => {
    render(<Onboarding />);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Create account' }));
  });
});

// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useConnection } from '../store/actions';
import { getState, initialState, setState } from '../store/store';
import { NewConversation } from './NewConversation';
import { sessionIdFeedback } from './newConversation/sessionIdFeedback';
import { fakeConnection } from './settings/fakeConnection';

const bob = '05d26cbba86ae1aacad4e98c1964d9ae3c1c3a47ebc9b7d42927852385cb5bc445';

beforeEach(() => {
  setState(initialState, true);
  useConnection(fakeConnection({}));
});
afterEach(cleanup);

describe('sessionIdFeedback', () => {
  it('stays quiet while a plausible ID is being typed, and speaks once the field is left', () => {
    expect(sessionIdFeedback('05ab', false)).toMatchObject({
      sessionId: null,
      error: null,
      hint: '4 of 66 characters',
    });
    expect(sessionIdFeedback('05ab', true).error).toBe(
      'A Session ID has 66 characters; this one has 4 (too short).',
    );
    expect(sessionIdFeedback('', true).error).toBeNull();
  });

  it('points out what is wrong for sure at once', () => {
    expect(sessionIdFeedback('05xy', false).error).toContain('“x” at position 3');
    expect(sessionIdFeedback('03', false).error).toBe('This is the ID of a group, not of a person.');
    expect(sessionIdFeedback(`${bob}00`, false).error).toContain('too long');
  });

  it('accepts capitals and spaces, and shows the short form', () => {
    const typed = `${bob.slice(0, 30).toUpperCase()} ${bob.slice(30)}`;
    expect(sessionIdFeedback(typed, false)).toEqual({
      sessionId: bob,
      error: null,
      hint: 'Valid Session ID: 05d26c…c445',
    });
  });
});

describe('NewConversation', () => {
  it('validates the Session ID inline as it is typed', () => {
    render(<NewConversation />);
    const field = screen.getByRole('textbox', { name: 'Session ID' });
    const start = screen.getByRole('button', { name: 'Start conversation' });
    expect(start).toHaveProperty('disabled', true);

    fireEvent.change(field, { target: { value: '05d2' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(field.getAttribute('aria-invalid')).toBe('false');
    expect(screen.getByText('4 of 66 characters')).toBeTruthy();

    fireEvent.blur(field);
    expect(screen.getByRole('alert').textContent).toBe(
      'A Session ID has 66 characters; this one has 4 (too short).',
    );
    expect(field.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(field, { target: { value: '05d2g' } });
    expect(screen.getByRole('alert').textContent).toContain('“g” at position 5 is not one of them');

    fireEvent.change(field, {
      target: { value: `  ${bob.toUpperCase().slice(0, 33)} ${bob.toUpperCase().slice(33)} ` },
    });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText(/Valid Session ID: 05d26c…c445/u)).toBeTruthy();
    expect(start).toHaveProperty('disabled', false);

    fireEvent.click(start);
    expect(getState().selectedConversationId).toBe(bob);
    expect(getState().screen).toBe('chats');
  });

  it('says when the ID is an existing, blocked conversation', () => {
    setState({
      conversations: {
        [bob]: {
          id: bob,
          state: 'blocked',
          displayName: 'Bob',
          unreadCount: 0,
          lastMessage: null,
          disappearing: { mode: 'off', seconds: 0 },
          approvedMe: true,
          muted: null,
        },
      },
    });
    render(<NewConversation />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Session ID' }), { target: { value: bob } });
    expect(screen.getByText(/You blocked this person/u)).toBeTruthy();
  });
});

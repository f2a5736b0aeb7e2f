// @vitest-environment happy-dom
// A blinded DM's row (issue 15, protocol-messages.md §6.6): a community member's request names the
// 15… ID it came from and the room they wrote from, in words a screen reader reads too.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationView } from '../../../../shared/contract/views';
import { initialState, setState } from '../../store/store';
import { ConversationRow } from './ConversationRow';

const blindedId = `15${'ab'.repeat(32)}`;

function conversation(extra: Partial<ConversationView>): ConversationView {
  return {
    id: blindedId,
    state: 'request',
    displayName: 'Bob',
    unreadCount: 1,
    lastMessage: { body: 'hello from the lobby', sentAt: 1_700_000_000_000, direction: 'incoming' },
    disappearing: { mode: 'off', seconds: 0 },
    approvedMe: false,
    muted: null,
    ...extra,
  };
}

function renderRow(view: ConversationView): void {
  setState({ ...initialState, conversations: { [view.id]: view } }, true);
  render(
    <ul>
      <ConversationRow conversationId={view.id} top={0} selected={false} tabStop onFocus={() => undefined} />
    </ul>,
  );
}

afterEach(cleanup);

describe('a blinded conversation’s row', () => {
  it('names the member’s blinded ID and the room they wrote from', () => {
    renderRow(conversation({ blinded: { blindedId, community: 'Lobby', roomId: 'http://127.0.0.1/lobby' } }));
    const via = screen.getByTitle(`Community member ${blindedId}, from Lobby`);
    expect(via.textContent).toBe('Community member 15abab…abab, from Lobby');
    // On the name's line, not the preview's: the preview keeps its whole width.
    expect(via.closest('.conversation-row__top')).not.toBeNull();
    expect(screen.getByRole('button').textContent).toContain('Bob');
  });

  it('shows nothing of the kind for a person’s request', () => {
    renderRow(conversation({ id: `05${'cd'.repeat(32)}` }));
    expect(screen.queryByTitle(/Community member/u)).toBeNull();
  });
});

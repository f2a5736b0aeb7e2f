// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientApi } from '../../../shared/contract/clientApi';
import { fakeConnection } from '../screens/settings/fakeConnection';
import { trackActivity } from './activity';
import { useConnection } from './actions';
import { initialState, setState } from './store';

const contact = `05${'ab'.repeat(32)}`;
const group = `03${'cd'.repeat(32)}`;

let stop: (() => void) | undefined;
beforeEach(() => setState(initialState, true));
afterEach(() => stop?.());

describe('trackActivity', () => {
  it('names the open conversation, so only its swarm polls at the lively pace, and says when none is', async () => {
    const setActivity = vi.fn<ClientApi['setActivity']>(async ({ activity }) => ({ activity }));
    useConnection(fakeConnection({ setActivity }));
    setState({
      startup: { state: 'ready', account: null, network: 'devnet' },
      screen: 'chats',
      selectedConversationId: null,
    });
    stop = trackActivity();
    setState({ selectedConversationId: contact });
    setState({ selectedConversationId: group });
    setState({ screen: 'settings' });
    await Promise.resolve();
    expect(setActivity.mock.calls.map(([request]) => request)).toEqual([
      { activity: 'activeConversation', conversationId: contact },
      { activity: 'activeConversation', conversationId: group },
      { activity: 'foreground' },
    ]);
  });
});

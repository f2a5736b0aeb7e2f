// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientApi } from '../../../../shared/contract/clientApi';
import type { ConversationView, MessageView } from '../../../../shared/contract/views';
import { ApiError } from '../../api/connection';
import { loadOlderMessages, useConnection } from '../../store/actions';
import { emptyMessageList, prependPage } from '../../store/messageList';
import { messageView } from '../../store/messageFixture';
import { getState, initialState, setState } from '../../store/store';
import { MessageBubble } from '../conversation/MessageBubble';
import { fakeConnection } from '../settings/fakeConnection';
import { JoinCommunity } from './JoinCommunity';
import { RoomModeration } from './RoomModeration';
import { roomConversation, roomId, roomKey, roomServer } from './roomFixture';
import { RoomSettings } from './RoomSettings';

const key = roomKey;
const server = roomServer;
const me = `05${'a0'.repeat(32)}`;
const member = `15${'b1'.repeat(32)}`;

function post(id: number, change: Partial<MessageView> = {}): MessageView {
  return messageView(id, {
    conversationId: roomId,
    author: member,
    body: `post ${id}`,
    sentAt: 1_700_000_000_000 + id,
    receivedAt: 1_700_000_000_000 + id,
    serverId: 100 + id,
    ...change,
  });
}

beforeEach(() => setState(initialState, true));
afterEach(cleanup);

describe('JoinCommunity', () => {
  it('says what is wrong with a link, lists a server’s rooms and tells an engine refusal in place', async () => {
    const joinCommunity = vi.fn<ClientApi['joinCommunity']>(async () => {
      throw new ApiError('conversationMissing', 'The community has no room “lobby”.');
    });
    const listCommunityRooms = vi.fn<ClientApi['listCommunityRooms']>(async () => ({
      rooms: [
        {
          token: 'lobby',
          name: 'Lobby',
          description: 'Say hi',
          activeUsers: 12,
          url: `${server}/lobby?public_key=${key}`,
        },
      ],
    }));
    useConnection(fakeConnection({ joinCommunity, listCommunityRooms }));
    render(<JoinCommunity />);
    const field = screen.getByRole('textbox', { name: 'Community link' });

    fireEvent.change(field, { target: { value: `${server}/lobby` } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.blur(field);
    expect(screen.getByRole('alert').textContent).toMatch(/lacks the server’s key/u);
    expect(screen.getByRole('button', { name: 'Join room' })).toHaveProperty('disabled', true);

    fireEvent.change(field, { target: { value: `${server}?public_key=${key}` } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Show rooms' }));
    });
    expect(listCommunityRooms).toHaveBeenCalledWith({ server: `${server}?public_key=${key}` });
    const list = screen.getByRole('list', { name: `Rooms on ${server}` });
    expect(list.textContent).toContain('Say hi');
    expect(list.textContent).toContain('12 people active');

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Join Lobby' }));
    });
    expect(joinCommunity).toHaveBeenCalledWith({ url: `${server}/lobby?public_key=${key}` });
    expect(screen.getByRole('alert').textContent).toBe('The community has no room “lobby”.');
  });
});

describe('a room’s history', () => {
  it('asks the server for older posts once this device’s are all shown, and pages on from the oldest', async () => {
    // Pages come newest first, as the engine lists them.
    const older = [post(2), post(1)];
    const listMessages = vi.fn<ClientApi['listMessages']>(async (request) => ({
      messages: request.before ? older : [],
      before: null,
    }));
    const loadOlderCommunityMessages = vi.fn<ClientApi['loadOlderCommunityMessages']>(async () => ({
      added: 2,
      complete: true,
    }));
    useConnection(fakeConnection({ listMessages, loadOlderCommunityMessages }));
    setState({
      conversations: { [roomId]: roomConversation() },
      messages: { [roomId]: prependPage(emptyMessageList(), [post(4), post(3)], null) },
    });

    await loadOlderMessages(roomId);
    expect(loadOlderCommunityMessages).toHaveBeenCalledWith({ conversationId: roomId });
    expect(listMessages).toHaveBeenCalledWith({
      conversationId: roomId,
      limit: 50,
      before: { sentAt: post(3).sentAt, id: 3 },
    });
    expect(getState().messages[roomId]!.ids).toEqual([1, 2, 3, 4]);

    // The server said it has nothing older: scrolling up again asks it no more.
    await loadOlderMessages(roomId);
    expect(loadOlderCommunityMessages).toHaveBeenCalledTimes(1);
  });
});

describe('a room’s message', () => {
  function show(message: MessageView, change: Partial<ConversationView['community'] & object> = {}): void {
    const conversation = roomConversation();
    act(() =>
      setState({
        account: { sessionId: me, displayName: 'Me' },
        conversations: {
          [roomId]: { ...conversation, community: { ...conversation.community!, ...change } },
        },
        messages: { [roomId]: prependPage(emptyMessageList(), [message], null) },
      }),
    );
  }

  it('names its author by the name they posted with, and shows edits, whispers and counts', () => {
    useConnection(fakeConnection({}));
    show(
      post(5, {
        authorName: 'Dana',
        edited: 1_700_000_100_000,
        whisper: 'moderators',
        reactions: [{ emoji: '👍', authors: [member], count: 40 }],
      }),
    );
    render(<MessageBubble conversationId={roomId} messageId={5} showSender />);
    expect(screen.getByText('Dana')).toBeTruthy();
    expect(screen.getByText('edited')).toBeTruthy();
    expect(screen.getByText('To moderators')).toBeTruthy();
    const reaction = screen.getByRole('button', { name: '👍 40' });
    // A reactor who posted in the room is named as their posts name them.
    expect(reaction.getAttribute('title')).toMatch(/^Dana and 39 others reacted with 👍/u);
  });

  it('offers a moderator to ban its author, and an admin to pin it; a member neither', () => {
    useConnection(fakeConnection({}));
    show(post(6, { authorName: 'Dana' }));
    const { unmount } = render(<MessageBubble conversationId={roomId} messageId={6} />);
    fireEvent.contextMenu(screen.getByRole('article'));
    expect(screen.queryByRole('menuitem', { name: 'Ban Dana…' })).toBeNull();
    expect(screen.queryByRole('menuitem', { name: 'Pin to the room' })).toBeNull();
    unmount();

    show(post(6, { authorName: 'Dana' }), { moderator: true, admin: true });
    render(<MessageBubble conversationId={roomId} messageId={6} />);
    fireEvent.contextMenu(screen.getByRole('article'));
    expect(screen.getByRole('menuitem', { name: 'Ban Dana…' })).toBeTruthy();
    expect(screen.getByRole('menuitem', { name: 'Pin to the room' })).toBeTruthy();
    expect(screen.getByRole('menuitem', { name: 'Delete for everyone' })).toBeTruthy();
  });

  it('mutes an author through the room’s permissions, for the chosen while, and says until when', async () => {
    const setCommunityPermissions = vi.fn<ClientApi['setCommunityPermissions']>(async () => ({
      updated: true,
      restoresAt: 1_700_003_600_000,
    }));
    useConnection(fakeConnection({ setCommunityPermissions }));
    show(post(7, { authorName: 'Dana' }), { moderator: true });
    render(<MessageBubble conversationId={roomId} messageId={7} />);
    fireEvent.contextMenu(screen.getByRole('article'));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Mute Dana…' }));
    const dialog = screen.getByRole('dialog', { name: 'Mute Dana?' });
    expect(dialog.textContent).toContain('can still read the room');
    expect(screen.queryByLabelText('Also delete all their messages in this room')).toBeNull();
    fireEvent.click(screen.getByLabelText('For an hour'));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Mute' }));
    });
    expect(setCommunityPermissions).toHaveBeenCalledWith({
      conversationId: roomId,
      member,
      write: false,
      durationSeconds: 3_600,
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(getState().notices.at(-1)?.text).toMatch(/^Dana can read the room but not write in it until /u);
  });
});

describe('RoomModeration', () => {
  it('checks the member’s ID as typed, lifts a ban, and lets an admin give a hidden role; a refusal shows in place', async () => {
    const unbanCommunityMember = vi.fn<ClientApi['unbanCommunityMember']>(async () => ({ unbanned: true }));
    const setCommunityModerator = vi.fn<ClientApi['setCommunityModerator']>(async () => {
      throw new ApiError('communityForbidden', 'Only the room’s admins can give roles.');
    });
    useConnection(fakeConnection({ unbanCommunityMember, setCommunityModerator }));
    const community = { ...roomConversation().community!, moderator: true, admin: true };
    render(<RoomModeration conversationId={roomId} community={community} />);
    const field = screen.getByLabelText('A member’s ID');
    fireEvent.change(field, { target: { value: '15abc' } });
    fireEvent.blur(field);
    expect(screen.getByText(/66 characters long; this one has 5/u)).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Lift ban' }));
    });
    expect(unbanCommunityMember).not.toHaveBeenCalled();

    fireEvent.change(field, { target: { value: ` ${member.toUpperCase()} ` } });
    expect(field.getAttribute('aria-invalid')).toBe('false');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Lift ban' }));
    });
    expect(unbanCommunityMember).toHaveBeenCalledWith({ conversationId: roomId, member });
    expect(screen.getByRole('status').textContent).toBe('15b1b1…b1b1 may take part in the room again.');

    fireEvent.click(screen.getByLabelText('Admin'));
    fireEvent.click(screen.getByLabelText('Show their role to the room'));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Set role' }));
    });
    expect(setCommunityModerator).toHaveBeenCalledWith({
      conversationId: roomId,
      member,
      role: 'admin',
      visible: false,
    });
    expect(screen.getByRole('status').textContent).toBe('Only the room’s admins can give roles.');
  });

  it('offers no roles to a moderator who is not an admin', () => {
    useConnection(fakeConnection({}));
    render(
      <RoomModeration
        conversationId={roomId}
        community={{ ...roomConversation().community!, moderator: true }}
      />,
    );
    expect(screen.getByRole('button', { name: 'Let them write again' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Set role' })).toBeNull();
  });
});

describe('RoomSettings', () => {
  it('saves only what changed, shows the room under its new name, and tells a refusal in place', async () => {
    const updateCommunityRoom = vi.fn<ClientApi['updateCommunityRoom']>(async (request) => ({
      ...roomConversation(),
      displayName: request.name ?? 'Lobby',
      community: { ...roomConversation().community!, name: request.name ?? 'Lobby', admin: true },
    }));
    useConnection(fakeConnection({ updateCommunityRoom }));
    setState({ conversations: { [roomId]: roomConversation() } });
    const community = { ...roomConversation().community!, moderator: true, admin: true };
    render(<RoomSettings conversationId={roomId} community={community} />);
    const save = screen.getByRole('button', { name: 'Save' });
    expect((save as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'The Lobby' } });
    await act(async () => {
      fireEvent.click(save);
    });
    expect(updateCommunityRoom).toHaveBeenCalledWith({ conversationId: roomId, name: 'The Lobby' });
    expect(getState().conversations[roomId]?.displayName).toBe('The Lobby');
    expect(screen.getByRole('status').textContent).toBe('Saved for everyone in the room.');

    updateCommunityRoom.mockRejectedValueOnce(
      new ApiError('communityNotAdmin', 'Only the room’s admins can change the room’s name and description.'),
    );
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: 'Be kind' } });
    await act(async () => {
      fireEvent.click(save);
    });
    expect(screen.getByRole('status').textContent).toMatch(/Only the room’s admins/u);
    expect((screen.getByLabelText('Description') as HTMLTextAreaElement).value).toBe('Be kind');
  });
});

// @vitest-environment happy-dom
// Closed groups in the UI: the new-group dialog's 10-person limit, the members panel as an admin
// and as a member, a group's timeline (control lines, sender names), and an ended group's composer.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { ClientApi } from '../../../../shared/contract/clientApi';
import type { ConversationView, GroupView, MessageView } from '../../../../shared/contract/views';
import { useConnection } from '../../store/actions';
import { emptyMessageList, upsertMessages } from '../../store/messageList';
import { initialState, setState } from '../../store/store';
import { setDraftText } from '../conversation/composerStore';
import { ConversationPane } from '../conversation/ConversationPane';
import { fakeConnection } from '../settings/fakeConnection';
import { GroupPanel } from './GroupPanel';
import { NewGroupDialog } from './NewGroupDialog';

const own = `05${'a0'.repeat(32)}`;
const bob = `05${'b0'.repeat(32)}`;
const carol = `05${'c0'.repeat(32)}`;
const groupId = `03${'e0'.repeat(32)}`;
const people = ['Bob', 'Carol', 'Dan', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory'];

function contact(id: string, displayName: string): ConversationView {
  return {
    id,
    state: 'accepted',
    displayName,
    unreadCount: 0,
    lastMessage: null,
    disappearing: { mode: 'off', seconds: 0 },
    approvedMe: true,
    muted: null,
  };
}

function groupView(admin: boolean, status: GroupView['status'] = 'member'): GroupView {
  return {
    id: groupId,
    name: 'Climbing',
    description: 'Saturdays',
    status,
    admin,
    members: [
      { sessionId: own, name: 'Me', admin, status: 'accepted' },
      { sessionId: bob, name: 'Bob', admin: !admin, status: 'accepted' },
      { sessionId: carol, name: 'Carol', admin: false, status: 'invited' },
    ],
    createdAt: null,
  };
}

function groupConversation(group: GroupView): ConversationView {
  return {
    ...contact(groupId, group.name),
    group: { name: group.name, memberCount: 3, admin: group.admin, status: group.status },
  };
}

function message(id: number, change: Partial<MessageView>): MessageView {
  return {
    id,
    conversationId: groupId,
    author: bob,
    direction: 'incoming',
    body: null,
    sentAt: 1_700_000_000_000 + id * 60_000,
    receivedAt: 1_700_000_000_000 + id * 60_000,
    state: null,
    failure: null,
    quote: null,
    reactions: [],
    attachments: [],
    expiresAt: null,
    unsent: false,
    read: true,
    ...change,
  };
}

let createGroup: Mock<ClientApi['createGroup']>;
let removeGroupMembers: Mock<ClientApi['removeGroupMembers']>;
let sendMessage: Mock<ClientApi['sendMessage']>;

function useGroup(group: GroupView): void {
  const contacts = people.map((name, index) =>
    contact(index === 0 ? bob : index === 1 ? carol : `05${String(index).repeat(64)}`, name),
  );
  setState(
    {
      ...initialState,
      account: { sessionId: own, displayName: 'Me' },
      connection: 'open',
      conversations: Object.fromEntries(
        [...contacts, groupConversation(group)].map((conversation) => [conversation.id, conversation]),
      ),
      groups: { [groupId]: group },
    },
    true,
  );
  createGroup = vi.fn<ClientApi['createGroup']>(async () => group);
  removeGroupMembers = vi.fn<ClientApi['removeGroupMembers']>(async () => ({
    ...group,
    members: group.members.map((member) =>
      member.sessionId === carol ? { ...member, status: 'removing' as const } : member,
    ),
  }));
  sendMessage = vi.fn<ClientApi['sendMessage']>(async ({ text }) =>
    message(99, { author: own, direction: 'outgoing', body: text, state: 'sent' }),
  );
  useConnection(
    fakeConnection({
      sendMessage,
      setTyping: async () => ({ sent: true }),
      createGroup,
      removeGroupMembers,
      getGroup: async () => group,
      getConversation: async () => groupConversation(group),
      listMessages: async () => ({ messages: [], before: null }),
      markRead: async () => groupConversation(group),
    }),
  );
}

beforeEach(() => useGroup(groupView(true)));
afterEach(cleanup);

describe('the new-group dialog', () => {
  it('lets 9 people be chosen, then disables the rest with the reason', () => {
    render(<NewGroupDialog onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'New group' });
    const boxes = within(dialog).getAllByRole('checkbox');
    expect(boxes).toHaveLength(10);
    for (const box of boxes.slice(0, 9)) fireEvent.click(box);
    expect(within(dialog).getByText(/9 of 9 people chosen/u).textContent).toMatch(/at most 10/u);
    const last = boxes[9]!;
    expect((last as HTMLInputElement).disabled).toBe(true);
    expect(last.closest('label')?.title).toMatch(/full/u);
    // Unticking one makes room again.
    fireEvent.click(boxes[0]!);
    expect((last as HTMLInputElement).disabled).toBe(false);
  });

  it('asks for a name before creating, then creates with the people chosen', async () => {
    render(<NewGroupDialog onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'New group' });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Carol/u }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create group' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('A group needs a name.');
    expect(createGroup).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('Group name'), { target: { value: ' Climbing ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create group' }));
    await vi.waitFor(() => expect(createGroup).toHaveBeenCalledWith({ name: 'Climbing', members: [carol] }));
  });

  it('offers a pasted Session ID that is not a contact', () => {
    render(<NewGroupDialog onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'New group' });
    const stranger = `05${'f1'.repeat(32)}`;
    fireEvent.change(within(dialog).getByRole('searchbox'), { target: { value: stranger } });
    const boxes = within(dialog).getAllByRole('checkbox');
    expect(boxes).toHaveLength(1);
    expect(within(dialog).getByText('Not a contact yet')).toBeTruthy();
  });
});

describe('the members panel', () => {
  it('lets an admin remove a member, after saying what it means', async () => {
    render(<GroupPanel groupId={groupId} onClose={() => undefined} />);
    const panel = screen.getByRole('dialog', { name: 'Climbing' });
    expect(within(panel).getByRole('button', { name: 'Edit details' })).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Add people' })).toBeTruthy();
    expect(within(panel).getByText('Invited')).toBeTruthy();
    fireEvent.click(within(panel).getByRole('button', { name: 'Remove Carol' }));
    const question = screen.getByRole('dialog', { name: 'Remove Carol?' });
    expect(question.textContent).toMatch(/no longer be able to read new messages/u);
    fireEvent.click(within(question).getByRole('button', { name: 'Remove' }));
    await vi.waitFor(() => expect(removeGroupMembers).toHaveBeenCalledWith({ groupId, members: [carol] }));
    await vi.waitFor(() => expect(within(panel).getByText('Removing')).toBeTruthy());
  });

  it('shows a member the list and the way out, and no admin actions', () => {
    useGroup(groupView(false));
    render(<GroupPanel groupId={groupId} onClose={() => undefined} />);
    const panel = screen.getByRole('dialog', { name: 'Climbing' });
    expect(within(panel).getAllByRole('listitem')).toHaveLength(3);
    expect(within(panel).queryByRole('button', { name: /^Remove/u })).toBeNull();
    expect(within(panel).queryByRole('button', { name: 'Edit details' })).toBeNull();
    expect(within(panel).queryByRole('button', { name: 'Delete group' })).toBeNull();
    expect(within(panel).getByRole('button', { name: 'Leave group' })).toBeTruthy();
  });
});

function openWith(group: GroupView, messages: MessageView[]): void {
  useGroup(group);
  setState({
    selectedConversationId: groupId,
    messages: {
      [groupId]: upsertMessages({ ...emptyMessageList(), loaded: true, complete: true }, messages),
    },
  });
  render(<ConversationPane />);
}

describe('a group conversation', () => {
  it('shows control lines, and who wrote each run of messages', () => {
    openWith(groupView(true), [
      message(1, {
        author: own,
        direction: 'outgoing',
        control: {
          kind: 'membersAdded',
          members: [
            { sessionId: bob, name: 'Bob' },
            { sessionId: carol, name: null },
          ],
        },
      }),
      message(2, { body: 'Hello all' }),
      message(3, { body: 'Anyone there?' }),
    ]);
    expect(screen.getByTestId('control-line').textContent).toMatch(/^You added Bob and Carol/u);
    // The name stands once above Bob's two messages in a row.
    expect(screen.getAllByText('Bob', { selector: '.message__sender > bdi' })).toHaveLength(1);
    expect(screen.getByRole('form', { name: 'Write a message' })).toBeTruthy();
  });

  it('replaces the composer once we are out of the group, and keeps the history', () => {
    openWith(groupView(false, 'kicked'), [
      message(1, { body: 'Hello all' }),
      message(2, { control: { kind: 'removedYou' } }),
    ]);
    expect(screen.queryByRole('form', { name: 'Write a message' })).toBeNull();
    expect(screen.getByText(/^You were removed from this group/u)).toBeTruthy();
    expect(screen.getByText('Hello all')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Removed' })).toBeTruthy();
  });
});

describe('mentions', () => {
  function typeInComposer(text: string): HTMLTextAreaElement {
    const field = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Message to Climbing' });
    fireEvent.change(field, { target: { value: text } });
    return field;
  }

  it('offers the members whose name fits "@…", and sends the chosen one as their Session ID', async () => {
    openWith(groupView(true), []);
    const field = typeInComposer('hi @');
    const picker = screen.getByRole('listbox', { name: 'Mention a member' });
    // Everyone but oneself, and the field says which one the arrows reached.
    expect(
      within(picker)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual([expect.stringMatching(/Bob05b0/u), expect.stringMatching(/Carol05c0/u)]);
    fireEvent.change(field, { target: { value: 'hi @ca' } });
    expect(within(picker).getAllByRole('option')).toHaveLength(1);
    expect(field.getAttribute('aria-activedescendant')).toBe(within(picker).getByRole('option').id);
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(field.value).toBe('hi @Carol ');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(sendMessage).not.toHaveBeenCalled();
    fireEvent.change(field, { target: { value: 'hi @Carol and @Carolyn' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    await vi.waitFor(() =>
      expect(sendMessage).toHaveBeenCalledWith({
        conversationId: groupId,
        text: `hi @${carol} and @Carolyn`,
      }),
    );
  });

  it('opens again over a draft left with an "@…" when one comes back to the group', () => {
    setDraftText(groupId, 'hi @ca');
    openWith(groupView(true), []);
    expect(screen.getByRole('listbox', { name: 'Mention a member' }).textContent).toMatch(/^CCarol/u);
    setDraftText(groupId, '');
  });

  it('closes on Escape and leaves the words as typed; Enter then sends them', async () => {
    openWith(groupView(true), []);
    const field = typeInComposer('@Bo');
    fireEvent.keyDown(field, { key: 'ArrowDown' });
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.keyDown(field, { key: 'Enter' });
    await vi.waitFor(() =>
      expect(sendMessage).toHaveBeenCalledWith({ conversationId: groupId, text: '@Bo' }),
    );
  });

  it('shows mentions in messages by name, one of oneself as "@You", set apart', () => {
    openWith(groupView(true), [message(1, { body: `@${own} and @${carol}, dinner?` })]);
    const you = screen.getByText('@You');
    expect(you.className).toMatch(/mention--you/u);
    expect(screen.getByText('@Carol').className).toMatch(/^mention /u);
    expect(you.parentElement?.textContent).toBe('@You and @Carol, dinner?');
  });
});

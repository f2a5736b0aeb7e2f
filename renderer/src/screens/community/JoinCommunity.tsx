// Joining a community (issue 15): a room's link joins it; a server's link (or a room's, asked for
// "other rooms") lists the server's rooms, each joined with one button. The link is checked as it is
// typed, and whatever the server or the engine answers is said under the field, where it is fixed.
import { type FormEvent, useId, useState } from 'react';
import { checkCommunityLink } from '../../../../shared/contract/pureHelpers';
import type { CommunityRoomView } from '../../../../shared/contract/views';
import { openConversation } from '../../store/actions';
import { joinCommunity, listCommunityRooms } from '../../store/communityActions';
import { useAppStore } from '../../store/store';
import { PageSection } from '../settings/Page';
import { activeUsersText } from './communityText';
import './community.css';

type Progress =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string };

export function JoinCommunity() {
  const [input, setInput] = useState('');
  const [left, setLeft] = useState(false);
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' });
  const [rooms, setRooms] = useState<{ server: string; list: readonly CommunityRoomView[] } | null>(null);
  const fieldId = useId();
  const feedbackId = useId();
  const check = checkCommunityLink(input);
  const joined = useAppStore((state) =>
    check.kind === 'room' ? state.conversations[check.conversationId] !== undefined : false,
  );
  const busy = progress.kind === 'busy';

  const join = async (url: string, name: string): Promise<void> => {
    setProgress({ kind: 'busy', text: `Joining ${name}…` });
    const answer = await joinCommunity(url);
    setProgress(answer.ok ? { kind: 'idle' } : { kind: 'error', text: answer.error });
  };

  const showRooms = async (url: string, server: string): Promise<void> => {
    setProgress({ kind: 'busy', text: `Asking ${server} for its rooms…` });
    const answer = await listCommunityRooms(url);
    if (answer.ok) {
      setRooms({ server, list: answer.value });
      setProgress({ kind: 'idle' });
    } else {
      setProgress({ kind: 'error', text: answer.error });
    }
  };

  const submit = (event?: FormEvent): void => {
    event?.preventDefault();
    if (busy) return;
    if (check.kind === 'room') {
      if (joined) void openConversation(check.conversationId);
      else void join(check.url, check.room);
    } else if (check.kind === 'server') {
      void showRooms(check.url, check.server);
    } else {
      setLeft(true);
    }
  };

  const fieldError = left && check.kind === 'error' ? check.message : null;
  const feedback =
    progress.kind === 'error' ? (
      <span id={feedbackId} className="field__error" role="alert">
        {progress.text}
      </span>
    ) : progress.kind === 'busy' ? (
      <span id={feedbackId} className="field__hint" role="status">
        {progress.text}
      </span>
    ) : fieldError ? (
      <span id={feedbackId} className="field__error" role="alert">
        {fieldError}
      </span>
    ) : check.kind === 'room' ? (
      <span id={feedbackId} className="page-success">
        <span aria-hidden="true">✓ </span>
        {joined ? `You are in ${check.room}: it will open.` : `The room ${check.room} on ${check.server}.`}
      </span>
    ) : check.kind === 'server' ? (
      <span id={feedbackId} className="page-success">
        <span aria-hidden="true">✓ </span>
        The server {check.server}: see its rooms.
      </span>
    ) : (
      <span id={feedbackId} className="field__hint">
        A link looks like https://host/room?public_key=… (a room) or https://host?public_key=… (a server).
      </span>
    );

  return (
    <PageSection
      title="Join a community"
      description="Communities are open rooms on a server anyone can run: what you write there is public to the room, under an ID made for that server."
    >
      <form className="community-join" onSubmit={submit}>
        <div className="field">
          <label className="field__label" htmlFor={fieldId}>
            Community link
          </label>
          <input
            id={fieldId}
            className="input mono"
            value={input}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            placeholder="https://…?public_key=…"
            aria-invalid={fieldError !== null || progress.kind === 'error'}
            aria-describedby={feedbackId}
            onChange={(event) => {
              setInput(event.target.value);
              setLeft(false);
              if (!busy) setProgress({ kind: 'idle' });
            }}
            onBlur={() => setLeft(input.trim() !== '')}
          />
          {feedback}
        </div>
        <div className="actions">
          <button
            type="submit"
            className="button"
            disabled={busy || (check.kind !== 'room' && check.kind !== 'server')}
          >
            {check.kind === 'server' ? 'Show rooms' : joined ? 'Open room' : 'Join room'}
          </button>
          {check.kind === 'room' && (
            <button
              type="button"
              className="button button--secondary"
              disabled={busy}
              onClick={() => void showRooms(check.url, check.server)}
            >
              Other rooms on this server
            </button>
          )}
        </div>
      </form>
      {rooms && <RoomList server={rooms.server} rooms={rooms.list} busy={busy} onJoin={join} />}
    </PageSection>
  );
}

function RoomList({
  server,
  rooms,
  busy,
  onJoin,
}: {
  server: string;
  rooms: readonly CommunityRoomView[];
  busy: boolean;
  onJoin: (url: string, name: string) => Promise<void>;
}) {
  const conversations = useAppStore((state) => state.conversations);
  const headingId = useId();
  return (
    <div className="community-rooms">
      <h3 id={headingId} className="community-rooms__title">
        Rooms on {server}
      </h3>
      {rooms.length === 0 ? (
        <p className="field__hint">This server offers no rooms to everyone.</p>
      ) : (
        <ul className="community-rooms__list" aria-labelledby={headingId}>
          {rooms.map((room) => {
            const conversationId = checkCommunityLink(room.url);
            const joinedId =
              conversationId.kind === 'room' && conversations[conversationId.conversationId]
                ? conversationId.conversationId
                : null;
            return (
              <li key={room.token} className="community-room">
                <div className="community-room__text">
                  <span className="community-room__name">
                    <bdi>{room.name}</bdi>
                  </span>
                  {room.description && (
                    <span className="community-room__description" dir="auto">
                      {room.description}
                    </span>
                  )}
                  {room.activeUsers !== null && (
                    <span className="community-room__active">{activeUsersText(room.activeUsers)}</span>
                  )}
                </div>
                {joinedId ? (
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => void openConversation(joinedId)}
                  >
                    Open
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button"
                    disabled={busy}
                    aria-label={`Join ${room.name}`}
                    onClick={() => void onJoin(room.url, room.name)}
                  >
                    Join
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

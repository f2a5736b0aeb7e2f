// Serves ClientApi on one WebSocket (shared/contract/socketProtocol.ts): every call is parsed,
// checked against the method list and the method's schema, and answered `{id, ok, value}` or
// `{id, ok: false, error}`; every ClientEvents entry is pushed while the socket is open. Nothing
// but a ClientApi method can be reached, and an unexpected failure is reported without its stack.
import type { WebSocket } from 'ws';
import type { ClientApi } from '../../shared/contract/clientApi';
import type { ClientEventListener, ClientEventName, ClientEvents } from '../../shared/contract/clientEvents';
import { socketCall, type SocketEvent, type SocketReply } from '../../shared/contract/socketProtocol';
import { isClientMethod } from '../../shared/contract/validateRequest';
import { isStarlingError } from '../../shared/errors';
import type { Logger } from '../../core/logging/logger';

/** What a host must offer: the API, and its events. */
export interface EventSource {
  on<Name extends ClientEventName>(name: Name, listener: ClientEventListener<Name>): () => void;
}

const eventNames: readonly ClientEventName[] = [
  'message.received',
  'message.sent',
  'message.updated',
  'message.removed',
  'conversation.updated',
  'conversation.removed',
  'account.ready',
  'path.changed',
  'network.hardforkRequired',
  'typing.changed',
] satisfies (keyof ClientEvents)[];

function errorReply(id: number, code: string, message: string): SocketReply {
  return { id, ok: false, error: { code, message } };
}

export function bridgeSocket(socket: WebSocket, host: ClientApi & EventSource, logger: Logger): void {
  const send = (frame: SocketReply | SocketEvent): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribers = eventNames.map((name) =>
    host.on(name, (payload) => send({ event: name, payload } as SocketEvent)),
  );
  socket.on('close', () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  });

  socket.on('message', (data, isBinary) => {
    void (async () => {
      let parsed: unknown;
      try {
        parsed = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        parsed = undefined;
      }
      const call = socketCall.safeParse(parsed);
      if (!call.success) {
        const id = (parsed as { id?: unknown } | undefined)?.id;
        send(
          errorReply(
            typeof id === 'number' ? id : -1,
            'badFrame',
            'A call is a JSON object {"id": number, "method": name, "request": object}.',
          ),
        );
        return;
      }
      const { id, method, request } = call.data;
      if (!isClientMethod(method)) {
        send(errorReply(id, 'unknownMethod', `There is no method “${method}”.`));
        return;
      }
      try {
        const invoke = host[method] as (request: unknown) => Promise<unknown>;
        send({ id, ok: true, value: await invoke.call(host, request ?? {}) });
      } catch (error) {
        if (isStarlingError(error)) {
          send(errorReply(id, error.code, error.message));
        } else {
          logger.error(`${method} failed unexpectedly: ${(error as Error).stack ?? String(error)}`);
          send(errorReply(id, 'internal', 'Something went wrong inside Starling; the log has the details.'));
        }
      }
    })();
  });
}

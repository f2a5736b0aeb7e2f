// Serves ClientApi on one WebSocket (shared/contract/socketProtocol.ts): every call is parsed,
// checked against the method list and the method's schema, and answered `{id, ok, value}` or
// `{id, ok: false, error}`; every ClientEvents entry is pushed while the socket is open. Nothing
// but a ClientApi method can be reached, and an unexpected failure is reported without its stack.
import type { WebSocket } from 'ws';
import type { ClientApi } from '../../shared/contract/clientApi';
import { clientEventNames, type ClientEventSource } from '../../shared/contract/clientEvents';
import { socketCall, type SocketEvent, type SocketReply } from '../../shared/contract/socketProtocol';
import { answerClientCall } from '../../core/host/answerCall';
import type { Logger } from '../../core/logging/logger';

export function bridgeSocket(socket: WebSocket, host: ClientApi & ClientEventSource, logger: Logger): void {
  const send = (frame: SocketReply | SocketEvent): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribers = clientEventNames.map((name) =>
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
        send({
          id: typeof id === 'number' ? id : -1,
          ok: false,
          error: {
            code: 'badFrame',
            message: 'A call is a JSON object {"id": number, "method": name, "request": object}.',
          },
        });
        return;
      }
      const { id, method, request } = call.data;
      send({ id, ...(await answerClientCall(host, method, request, logger)) });
    })();
  });
}

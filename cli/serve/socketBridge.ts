// Serves ClientApi on one WebSocket (shared/contract/socketProtocol.ts): every call is parsed,
// checked against the method list and the method's schema, and answered `{id, ok, value}` or
// `{id, ok: false, error}`; every ClientEvents entry is pushed while the socket is open. Nothing
// but a ClientApi method can be reached, and an unexpected failure is reported without its stack.
// A frame that breaks RFC 6455 (bad UTF-8, no mask, a reserved opcode or bit, a length over the
// limit) is an 'error' of this socket alone: ws closes it with the matching code, and without a
// listener Node would rethrow the error and end the whole host with every other page on it.
import type { WebSocket } from 'ws';
import type { ClientApi } from '../../shared/contract/clientApi';
import { clientEventNames, type ClientEventSource } from '../../shared/contract/clientEvents';
import { socketCall, type SocketEvent, type SocketReply } from '../../shared/contract/socketProtocol';
import { answerClientCall } from '../../core/host/answerCall';
import type { Logger } from '../../core/logging/logger';

/** How long a misbehaving peer gets to read the close frame before its connection is cut. */
const closingGraceMs = 1_000;

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
  socket.on('error', (error: Error & { code?: string }) => {
    // The code names the broken rule (e.g. WS_ERR_INVALID_UTF8); the frame itself is not logged.
    logger.warn(`a page's socket sent a malformed frame and was closed (${error.code ?? error.message})`);
    // ws has started the closing handshake; a peer that broke the protocol need not finish it.
    setTimeout(() => socket.terminate(), closingGraceMs).unref();
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

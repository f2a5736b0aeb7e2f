// For the screens' tests: a Connection whose api holds only the methods a test gives it (any other
// call fails loudly), and events that the test itself emits.
import type { ClientApi } from '../../../../shared/contract/clientApi';
import type { ClientEventName, ClientEvents } from '../../../../shared/contract/clientEvents';
import type { Connection } from '../../api/connection';

export interface FakeConnection extends Connection {
  /** Delivers an event to the listeners, as the engine would. */
  emit<Name extends ClientEventName>(name: Name, event: ClientEvents[Name]): void;
}

export function fakeConnection(methods: Partial<ClientApi>): FakeConnection {
  const api = new Proxy(methods, {
    get: (target, method: string) => {
      const implementation = target[method as keyof ClientApi];
      if (!implementation) throw new Error(`this test's engine has no ${method}`);
      return implementation;
    },
  }) as ClientApi;
  const listeners = new Map<ClientEventName, Set<(event: never) => void>>();
  return {
    api,
    on: (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (event: never) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (event: never) => void);
    },
    onState: () => () => undefined,
    emit: (name, event) => {
      for (const listener of listeners.get(name) ?? [])
        (listener as (event: ClientEvents[typeof name]) => void)(event);
    },
  };
}

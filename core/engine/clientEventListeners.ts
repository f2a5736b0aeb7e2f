// The listeners of ClientEvents, by name: what the engine and the host in front of it both keep.
import type {
  ClientEventListener,
  ClientEventName,
  ClientEvents,
  ClientEventSource,
} from '../../shared/contract/clientEvents';

export class ClientEventListeners implements ClientEventSource {
  private readonly listeners = new Map<ClientEventName, Set<(event: never) => void>>();

  on<Name extends ClientEventName>(name: Name, listener: ClientEventListener<Name>): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener as (event: never) => void);
    this.listeners.set(name, set);
    return () => set.delete(listener as (event: never) => void);
  }

  emit<Name extends ClientEventName>(name: Name, event: ClientEvents[Name]): void {
    for (const listener of this.listeners.get(name) ?? []) (listener as ClientEventListener<Name>)(event);
  }

  clear(): void {
    this.listeners.clear();
  }
}

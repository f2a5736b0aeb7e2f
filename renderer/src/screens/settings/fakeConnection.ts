// For the screens' tests: a Connection whose api holds only the methods a test gives it (any other
// call fails loudly), and no events.
import type { ClientApi } from '../../../../shared/contract/clientApi';
import type { Connection } from '../../api/connection';

export function fakeConnection(methods: Partial<ClientApi>): Connection {
  const api = new Proxy(methods, {
    get: (target, method: string) => {
      const implementation = target[method as keyof ClientApi];
      if (!implementation) throw new Error(`this test's engine has no ${method}`);
      return implementation;
    },
  }) as ClientApi;
  return { api, on: () => () => undefined, onState: () => () => undefined };
}

import type { Route } from './routing';

export const inboxRoutes: readonly Route[] = [];

import type { Route } from './routing';

export const moderationRoutes: readonly Route[] = [];

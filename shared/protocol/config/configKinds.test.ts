import { describe, expect, it } from 'vitest';
import {
  userConfigKindOfNamespace,
  userConfigKindOfProtobufKind,
  userConfigKinds,
  userConfigPushOrder,
} from './configKinds';

describe('user config kinds (§4 table, §5.5)', () => {
  it('maps namespaces 2–5 to their domains and protobuf kinds', () => {
    expect(userConfigKinds.userProfile).toEqual({ namespace: 2, domain: 'UserProfile', protobufKind: 1 });
    expect(userConfigKinds.contacts).toEqual({ namespace: 3, domain: 'Contacts', protobufKind: 2 });
    expect(userConfigKinds.conversationInfoVolatile).toEqual({
      namespace: 4,
      domain: 'ConvoInfoVolatile',
      protobufKind: 3,
    });
    expect(userConfigKinds.userGroups).toEqual({ namespace: 5, domain: 'UserGroups', protobufKind: 4 });
  });

  it('pushes in desktop order 2, 3, 5, 4', () => {
    expect(userConfigPushOrder.map((kind) => userConfigKinds[kind].namespace)).toEqual([2, 3, 5, 4]);
  });

  it('finds a kind by namespace and by protobuf kind, and nothing for others', () => {
    expect(userConfigKindOfNamespace(5)).toBe('userGroups');
    expect(userConfigKindOfNamespace(0)).toBeUndefined();
    expect(userConfigKindOfNamespace(13)).toBeUndefined();
    expect(userConfigKindOfProtobufKind(3)).toBe('conversationInfoVolatile');
    expect(userConfigKindOfProtobufKind(5)).toBeUndefined();
  });
});

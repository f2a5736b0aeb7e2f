// Keys of the §8.7 / §8.9 vectors (LS tests/test_group_keys.cpp), shared by the groups tests.
import { fromHex } from '../bytes';
import { deriveIdentityKeys, type IdentityKeys } from '../identity/keys';

export const groupSeedHex = '0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210';
export const adminSeedHex = '0123456789abcdef0123456789abcdeffedcba9876543210fedcba9876543210';
export const member1SeedHex = '000111222333444555666777888999aaabbbcccdddeeefff0123456789abcdef';
export const member2SeedHex = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

export interface VectorKeys {
  readonly group: IdentityKeys;
  readonly admin: IdentityKeys;
  readonly member1: IdentityKeys;
  readonly member2: IdentityKeys;
}

export async function vectorKeys(): Promise<VectorKeys> {
  const [group, admin, member1, member2] = await Promise.all(
    [groupSeedHex, adminSeedHex, member1SeedHex, member2SeedHex].map((hex) =>
      deriveIdentityKeys(fromHex(hex)),
    ),
  );
  return { group: group!, admin: admin!, member1: member1!, member2: member2! };
}

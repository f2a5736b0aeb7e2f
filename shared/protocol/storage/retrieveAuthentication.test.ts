import { describe, expect, it } from 'vitest';
import { fromHex } from '../bytes';
import { deriveIdentityKeys } from '../identity/keys';
import { retrieveAuthentication } from './retrieveAuthentication';

describe('retrieveAuthentication', () => {
  it('signs "retrieve" ‖ ns ‖ timestamp as the §4.8 vectors', async () => {
    const keys = await deriveIdentityKeys(
      fromHex('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'),
    );
    expect(await retrieveAuthentication(keys, 0, 1700000000000)).toEqual({
      pubkey: '05c5ba413c336f2fe1fb9a2c525f8a86a412a1db128a7841b4e0e217fa9eb7fd5e',
      pubkey_ed25519: '3ccd241cffc9b3618044b97d036d8614593d8b017c340f1dee8773385517654b',
      namespace: 0,
      timestamp: 1700000000000,
      signature: '091HncXsQ2yXmToq1j2yy/Mi4CVvhjb2JgXB5aOXT6q5+3ewa0bMVo+1jlTB1SvE2L4SFEfRg0vgEnDdUg9WAQ==',
    });
    expect((await retrieveAuthentication(keys, 2, 1700000000000)).signature).toBe(
      '4V7wI5WlgmdF5jXP5shZiOX9NHoVpJE/WFWzsYNOgyGJXKzYsKsTwtCewzUbfl4HTtsCgjeIpUGJet3+1tc0BA==',
    );
  });
});

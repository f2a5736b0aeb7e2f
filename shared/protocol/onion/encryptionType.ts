// The ciphers of an onion hop (protocol-network.md §5.2, §5.3), named by a layer's `enc_type`.
import { StarlingError } from '../../errors';

export type EncryptionType = 'aes-gcm' | 'xchacha20';

/** The default when a layer's JSON has no `enc_type`; desktop never sends one (§5.2). */
export const defaultEncryptionType: EncryptionType = 'aes-gcm';

const namesByType: Readonly<Record<string, EncryptionType>> = {
  'aes-gcm': 'aes-gcm',
  gcm: 'aes-gcm',
  xchacha20: 'xchacha20',
  'xchacha20-poly1305': 'xchacha20',
};

/**
 * Reads a layer's `enc_type`, aliases included. AES-CBC, which servers still accept, is refused:
 * its key is the raw shared secret and it has no authentication (§5.3: "Do not use").
 */
export function parseEncryptionType(value: unknown): EncryptionType {
  if (value === undefined) {
    return defaultEncryptionType;
  }
  const type = typeof value === 'string' ? namesByType[value] : undefined;
  if (type !== undefined) {
    return type;
  }
  if (value === 'aes-cbc' || value === 'cbc') {
    throw new StarlingError(
      'unsupportedEncryption',
      'Onion requests encrypted with AES-CBC are not supported.',
    );
  }
  throw new StarlingError('invalidEncryptionType', `“${String(value)}” is not an onion encryption type.`);
}

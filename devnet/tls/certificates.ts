// Self-signed TLS certificates for the devnet's servers, made at first start and kept in the devnet
// directory so that a restarted devnet keeps its pins (protocol-network.md §1: clients pin the
// seed's public key and certificate; snode certificates are not verified).
import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import selfsigned from 'selfsigned';

export interface TlsIdentity {
  readonly key: string;
  readonly cert: string;
}

/** What a client pins, in the forms Session Desktop compares (§1). */
export interface CertificatePins {
  /** base64(SHA-256(DER SubjectPublicKeyInfo)). */
  readonly publicKeySha256: string;
  /** X509Certificate.fingerprint256: colon-separated uppercase hex. */
  readonly certificateSha256: string;
}

export async function loadOrCreateCertificate(directory: string, name: string): Promise<TlsIdentity> {
  const keyPath = path.join(directory, `${name}.key`);
  const certPath = path.join(directory, `${name}.crt`);
  try {
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const generated = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    // Like the public seeds' certificates: valid for ten years (§1). EC keys are quick to make.
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000),
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await writeFile(keyPath, generated.private, { mode: 0o600 });
  await writeFile(certPath, generated.cert);
  return { key: generated.private, cert: generated.cert };
}

export function certificatePins(certificatePem: string): CertificatePins {
  const certificate = new X509Certificate(certificatePem);
  const publicKeyDer = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return {
    publicKeySha256: createHash('sha256').update(publicKeyDer).digest('base64'),
    certificateSha256: certificate.fingerprint256,
  };
}

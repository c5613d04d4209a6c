import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../core/crypto/keyring.ts';
import { archiveBytes, archivePath, readArchived } from './archive.ts';

describe('archive', () => {
  it('stores originals encrypted, content-addressed, and reads them back (also after key rotation)', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-arch-'));
    const k1 = { id: 'k1', key: crypto.randomBytes(32) };
    const bytes = Buffer.from('Plainte de Ginette Bellemare, 1245 rue Sainte-Marguerite');
    const blob = await archiveBytes(root, createKeyring([k1]), bytes);
    expect(blob.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    const onDisk = fs.readFileSync(archivePath(root, blob.sha256));
    expect(onDisk.includes(Buffer.from('Bellemare'))).toBe(false);
    const rotated = createKeyring([{ id: 'k2', key: crypto.randomBytes(32) }, k1]);
    expect((await readArchived(root, rotated, blob.sha256)).equals(bytes)).toBe(true);
    await expect(readArchived(root, createKeyring([{ id: 'k1', key: crypto.randomBytes(32) }]), blob.sha256)).rejects.toMatchObject({ code: 'CRYPTO_TAMPERED' });
  });
});

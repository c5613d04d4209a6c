import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../core/crypto/keyring.ts';
import { archiveBytes, archivePath, archiveStream, readArchived, readArchivedStream } from './archive.ts';

const tempRoot = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dol-arch-'));
const keyring = () => createKeyring([{ id: 'k1', key: crypto.randomBytes(32) }]);
const MiB = 1024 * 1024;

/** `total` bytes of deterministic pseudo-random data, 64 KiB at a time, never all in memory. */
async function* generated(total: number, seed = 1): AsyncGenerator<Buffer> {
  for (let i = 0; i * 65536 < total; i++) {
    const block = Buffer.from(crypto.createHash('sha512').update(`${seed}:${i}`).digest('hex').repeat(512)); // 64 KiB
    yield block.subarray(0, Math.min(block.length, total - i * 65536));
  }
}

/** Reads a stream to its end, keeping only its size and sha256, and the peak RSS seen meanwhile. */
async function drain(stream: Readable): Promise<{ size: number; sha256: string }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done();
      },
    }),
  );
  return { size, sha256: hash.digest('hex') };
}

function peakRss(): { stop(): number } {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss) - base;
    },
  };
}

describe('archive', () => {
  it('stores originals encrypted, content-addressed, and reads them back (also after key rotation)', async () => {
    const root = tempRoot();
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

  it('archives a stream in the same format: readable whole or streamed, the same content twice is one blob', async () => {
    const root = tempRoot();
    const k = keyring();
    const bytes = Buffer.from('From: Ginette Bellemare <g.bellemare@exemple.test>\r\nSubject: Punaises de lit\r\n\r\nAu 1245 rue Sainte-Marguerite.\r\n'.repeat(5000));
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7000) }, (_, i) => bytes.subarray(i * 7000, (i + 1) * 7000));
    const blob = await archiveStream(root, k, Readable.from(chunks));
    expect(blob).toEqual({ sha256: crypto.createHash('sha256').update(bytes).digest('hex'), size: bytes.length, ref: path.relative(root, archivePath(root, blob.sha256)) });
    expect(fs.readFileSync(archivePath(root, blob.sha256)).includes('Bellemare')).toBe(false);
    expect((await readArchived(root, k, blob.sha256)).equals(bytes)).toBe(true);
    expect(await drain(readArchivedStream(root, k, blob.sha256))).toEqual({ size: bytes.length, sha256: blob.sha256 });
    // archiveBytes' blobs stream too.
    const small = await archiveBytes(root, k, Buffer.from('Lettre de Fernand Lapointe'));
    expect(await drain(readArchivedStream(root, k, small.sha256))).toEqual({ size: small.size, sha256: small.sha256 });

    const again = await archiveStream(root, k, Readable.from([bytes]));
    expect(again).toEqual(blob);
    const files = fs.readdirSync(root, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(root, f)).isFile());
    expect(files.sort()).toEqual([blob.ref, small.ref].sort()); // no temp file left either

    const empty = await archiveStream(root, k, Readable.from([]));
    expect(empty.size).toBe(0);
    expect((await readArchived(root, k, empty.sha256)).length).toBe(0);
  });

  it('marks a blob received again (its mtime), for the retention of messages without a case', async () => {
    const root = tempRoot();
    const k = keyring();
    const bytes = Buffer.from('Réponse automatique : absent du bureau');
    const blob = await archiveBytes(root, k, bytes);
    const file = archivePath(root, blob.sha256);
    const before = fs.readFileSync(file);
    const long = new Date('2024-01-01T00:00:00Z');
    fs.utimesSync(file, long, long);
    await archiveBytes(root, k, bytes);
    expect(fs.statSync(file).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    fs.utimesSync(file, long, long);
    await archiveStream(root, k, Readable.from([bytes]));
    expect(fs.statSync(file).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    expect(fs.readFileSync(file).equals(before)).toBe(true); // the blob itself is not rewritten
  });

  it('leaves nothing behind when the source fails midway', async () => {
    const root = tempRoot();
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from('début du courriel de Nadia Rioux');
      throw new Error('connexion IMAP coupée');
    }
    await expect(archiveStream(root, keyring(), broken())).rejects.toThrow('connexion IMAP coupée');
    expect(fs.readdirSync(root, { recursive: true })).toEqual([]);
  });

  it('detects a tampered or truncated blob, whole or streamed', async () => {
    const root = tempRoot();
    const k = keyring();
    const blob = await archiveStream(root, k, generated(3 * MiB));
    const file = archivePath(root, blob.sha256);
    const good = fs.readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[good.length >> 1]! ^= 1;
    fs.writeFileSync(file, flipped);
    await expect(readArchived(root, k, blob.sha256)).rejects.toMatchObject({ code: 'CRYPTO_TAMPERED' });
    await expect(drain(readArchivedStream(root, k, blob.sha256))).rejects.toMatchObject({ code: 'CRYPTO_TAMPERED' });
    fs.writeFileSync(file, good.subarray(0, 30));
    await expect(drain(readArchivedStream(root, k, blob.sha256))).rejects.toMatchObject({ code: 'CRYPTO_TAMPERED' });
    await expect(drain(readArchivedStream(root, k, 'ab'.repeat(32)))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes and reads 192 MB in flat memory', async () => {
    const root = tempRoot();
    const k = keyring();
    // Well above V8's external-memory slack (garbage buffers may reach some tens of MB before a
    // collection, whatever the size), so that holding the message would show.
    const size = 192 * MiB;
    const expected = await drain(Readable.from(generated(size, 7)));

    let rss = peakRss();
    const blob = await archiveStream(root, k, generated(size, 7));
    const writeGrowth = rss.stop();
    expect(blob.sha256).toBe(expected.sha256);
    expect(blob.size).toBe(size);

    rss = peakRss();
    expect(await drain(readArchivedStream(root, k, blob.sha256))).toEqual(expected);
    const readGrowth = rss.stop();
    fs.rmSync(root, { recursive: true });
    // The whole message in memory would be 192 MB (twice that with its ciphertext).
    expect(writeGrowth).toBeLessThan(size / 3);
    expect(readGrowth).toBeLessThan(size / 3);
  });
});

// The drop folder's ledger: the hash of every file already handled, appended and synced before the
// file is deleted. A crash after publishing but before the deletion only means the file is seen
// again, recognised here (or, if the crash came before this write, deduplicated downstream by its
// deterministic ids): it is never processed into a second case.
import fs from 'node:fs';
import path from 'node:path';

export class Ledger {
  private seen = new Map<string, string>();
  private fd: number;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (fs.existsSync(file)) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        const [sha, disposition] = line.split('\t');
        if (sha && disposition) this.seen.set(sha, disposition);
      }
    }
    this.fd = fs.openSync(file, 'a');
  }

  get(sha256: string): string | undefined {
    return this.seen.get(sha256);
  }

  record(sha256: string, disposition: string): void {
    fs.writeSync(this.fd, `${sha256}\t${disposition}\t${new Date().toISOString()}\n`);
    fs.fdatasyncSync(this.fd);
    this.seen.set(sha256, disposition);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

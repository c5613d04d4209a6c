// The JVM side of the test broker: which java, with which options, the jars (fetched from Maven
// Central by fetch.sh), class-data sharing, and the storage formatter (kafka.tools.StorageTool).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, type Command } from './process.ts';

const here = dirname(fileURLToPath(import.meta.url));
const fetchScript = join(here, 'fetch.sh');
const log4jConfig = join(here, 'log4j.properties');

export const javaBin = (): string =>
  process.env.KAFKA_JAVA ?? (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

// The broker runs C1-only (-XX:TieredStopAtLevel=1): it starts about twice as fast, and tests push
// little data through it. KAFKA_TEST_JVM_OPTS is appended last, so it can override any of these,
// e.g. KAFKA_TEST_JVM_OPTS='-Xmx1g -XX:TieredStopAtLevel=4' (split on spaces).
const extraJvmOpts = (): string[] => (process.env.KAFKA_TEST_JVM_OPTS ?? '').split(/\s+/).filter(Boolean);
const toolJvmOpts = ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Djava.awt.headless=true'];
const brokerJvmOpts = (dataDir: string): string[] => [
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:TieredStopAtLevel=1',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
  `-Dlog4j.configuration=file:${log4jConfig}`,
  `-Dkafka.logs.dir=${dataDir}`,
];

// ---------------------------------------------------------------------------------------------
// Class-data sharing: the JVM spends most of the broker's start loading ~60 jars' classes. The
// first broker that stops cleanly leaves a dynamic CDS archive in the libs folder
// (-XX:ArchiveClassesAtExit); later starts map it (-XX:SharedArchiveFile) and start in about a
// third of the time. The archive is keyed by the JDK; one that no longer matches (JDK or jars
// changed) is ignored by the JVM, which then just starts the slow way. KAFKA_TEST_CDS=0 turns it off.

function jdkKey(): string {
  let bin = javaBin();
  if (!bin.includes('/')) {
    for (const dir of (process.env.PATH ?? '').split(':')) {
      if (dir && existsSync(join(dir, bin))) {
        bin = join(dir, bin);
        break;
      }
    }
  }
  try {
    const real = realpathSync(bin);
    const libjvm = join(dirname(dirname(real)), 'lib', 'server', 'libjvm.so');
    const st = statSync(existsSync(libjvm) ? libjvm : real);
    return createHash('sha1').update(`${real}|${st.size}|${st.mtimeMs}`).digest('hex').slice(0, 10);
  } catch {
    return 'unknown';
  }
}

/** The storage formatter shares the broker's classpath, so it can map the same archive. */
function toolCds(libs: string): string[] {
  const archive = cdsArchive(libs);
  return archive && existsSync(archive) ? [`-XX:SharedArchiveFile=${archive}`] : [];
}

interface Cds {
  opts: string[];
  /** Called once the JVM has exited: keeps a freshly dumped archive if the exit was clean. */
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

function cdsArchive(libs: string): string | undefined {
  if (process.env.KAFKA_TEST_CDS === '0') return undefined;
  return join(libs, `broker-cds-${jdkKey()}.jsa`);
}

function brokerCds(libs: string): Cds {
  const archive = cdsArchive(libs);
  if (!archive) return { opts: [] };
  if (existsSync(archive)) return { opts: [`-XX:SharedArchiveFile=${archive}`] };
  // Leftovers of JVMs killed before they could dump.
  try {
    for (const f of readdirSync(libs)) {
      const p = join(libs, f);
      if (f.endsWith('.jsa.tmp') && Date.now() - statSync(p).mtimeMs > 10 * 60_000) rmSync(p, { force: true });
    }
  } catch {}
  const tmp = `${archive}.${process.pid}-${randomBytes(4).toString('hex')}.jsa.tmp`;
  return {
    opts: [`-XX:ArchiveClassesAtExit=${tmp}`],
    onExit: (code, signal) => {
      try {
        // 143: exited through its shutdown hooks after our SIGTERM. Killed (SIGKILL): the dump,
        // if any, may be cut short.
        if (signal === null && (code === 0 || code === 143) && statSync(tmp).size > 0 && !existsSync(archive)) {
          renameSync(tmp, archive);
        }
      } catch {}
      rmSync(tmp, { force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Jars

let libsPromise: Promise<string> | undefined;

/** Runs scripts/kafka/fetch.sh (a no-op when the jars are there) and returns the classpath dir. */
export function ensureKafkaLibs(): Promise<string> {
  libsPromise ??= new Promise<string>((resolvePromise, reject) => {
    const child = spawn('bash', [fetchScript], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      process.stderr.write(d); // the first fetch takes a while: show progress
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const dir = out.trim().split('\n').pop()?.trim() ?? '';
      if (code === 0 && dir && existsSync(dir)) resolvePromise(dir);
      else reject(new Error(`scripts/kafka/fetch.sh failed (exit ${code}):\n${err.slice(-4000)}`));
    });
  });
  libsPromise.catch(() => (libsPromise = undefined)); // let a later call try again
  return libsPromise;
}

/** The broker's command line: `kafka.Kafka server.properties` with its options and CDS archive. */
export function brokerCommand(libs: string, dataDir: string, propsFile: string): Command {
  const cds = brokerCds(libs);
  const args = [...brokerJvmOpts(dataDir), ...cds.opts, ...extraJvmOpts(), '-cp', `${libs}/*`, 'kafka.Kafka', propsFile];
  return { bin: javaBin(), args, onExit: cds.onExit };
}

/** `kafka-storage format`: a fresh KRaft log dir; `extraArgs` e.g. `--add-scram` credentials. */
export async function formatStorage(libs: string, propsFile: string, clusterId: string, extraArgs: string[] = []): Promise<string> {
  const format = await run(
    javaBin(),
    [...toolJvmOpts, ...toolCds(libs), `-Dlog4j.configuration=file:${log4jConfig}`, '-cp', `${libs}/*`,
      'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propsFile, ...extraArgs],
    60_000,
  );
  if (format.code !== 0) throw new Error(`kafka.tools.StorageTool format failed (exit ${format.code}):\n${format.output}`);
  return format.output;
}

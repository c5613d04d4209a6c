// Password hashing: argon2id (RFC 9106) through the `argon2` package, whose prebuilt binaries load
// without install scripts. Parameters are the library's defaults (64 MiB, t=3, p=4), encoded in
// the hash itself so they can be raised later without breaking stored hashes.
import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('doleances-no-such-user-padding');
  return dummy;
}

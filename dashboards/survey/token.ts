// Survey links without login: « <case id>.<expiry, base 36 seconds>.<signature> », the signature an
// HMAC-SHA-256 (128 bits kept) under a key derived (HKDF) from the data keys' pseudonym key, so it
// survives key rotation like contact ids do and no new secret has to be kept. The token id recorded
// in the case file derives from the case id: one survey, one answer per case.
import crypto from 'node:crypto';
import type { Keyring } from '../../core/crypto/keyring.ts';
import { DoleancesError } from '../../core/errors.ts';

export interface SurveyClaim {
  caseId: string;
  tokenId: string;
  expiresAt: Date;
}

const CASE_ID = /^[0-9A-Z]{2,8}(-[0-9A-Z]{2,10}){1,3}$/;

export function surveyKey(keyring: Keyring): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', keyring.pseudonymKey, Buffer.alloc(0), 'doleances/survey-token/v1', 32));
}

export function tokenIdFor(key: Buffer, caseId: string): string {
  return `sv-${crypto.createHmac('sha256', key).update(`id|${caseId}`).digest('hex').slice(0, 16)}`;
}

function signature(key: Buffer, caseId: string, exp: string): string {
  return crypto.createHmac('sha256', key).update(`v1|${caseId}|${exp}`).digest().subarray(0, 16).toString('base64url');
}

export function signSurveyToken(key: Buffer, caseId: string, expiresAt: Date): { token: string; tokenId: string } {
  const exp = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return { token: `${caseId}.${exp}.${signature(key, caseId, exp)}`, tokenId: tokenIdFor(key, caseId) };
}

/** The claim of a valid, unexpired token; SURVEY_TOKEN_INVALID or SURVEY_EXPIRED otherwise. */
export function verifySurveyToken(key: Buffer, token: string, now = new Date()): SurveyClaim {
  const parts = token.split('.');
  const [caseId, exp, sig] = parts;
  if (parts.length !== 3 || !caseId || !CASE_ID.test(caseId) || !exp || !/^[0-9a-z]{1,10}$/.test(exp) || !sig) {
    throw new DoleancesError('SURVEY_TOKEN_INVALID', 'Lien de sondage mal formé.');
  }
  const want = Buffer.from(signature(key, caseId, exp));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !crypto.timingSafeEqual(want, got)) throw new DoleancesError('SURVEY_TOKEN_INVALID', 'Signature du lien de sondage invalide.');
  const expiresAt = new Date(parseInt(exp, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) throw new DoleancesError('SURVEY_EXPIRED', 'Lien de sondage expiré.');
  return { caseId, tokenId: tokenIdFor(key, caseId), expiresAt };
}

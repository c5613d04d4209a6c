// Survey tokens: signed, bound to their case, expiring, and stable across data-key rotation.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../core/crypto/keyring.ts';
import { signSurveyToken, surveyKey, tokenIdFor, verifySurveyToken } from './token.ts';

const k1 = { id: 'k1', key: crypto.randomBytes(32) };
const key = surveyKey(createKeyring([k1]));

describe('survey tokens', () => {
  it('verifies what it signed, and refuses tampering and expiry', () => {
    const exp = new Date('2026-12-31T12:00:00Z');
    const { token, tokenId } = signSurveyToken(key, '2026-4K7PQ-2XMAB', exp);
    expect(verifySurveyToken(key, token, new Date('2026-12-01T00:00:00Z'))).toEqual({ caseId: '2026-4K7PQ-2XMAB', tokenId, expiresAt: new Date('2026-12-31T12:00:00Z') });
    expect(() => verifySurveyToken(key, token.replace('2026-4K7PQ', '2026-4K7PR'))).toThrow(expect.objectContaining({ code: 'SURVEY_TOKEN_INVALID' }));
    expect(() => verifySurveyToken(key, `${token}x`)).toThrow(expect.objectContaining({ code: 'SURVEY_TOKEN_INVALID' }));
    expect(() => verifySurveyToken(key, token, new Date('2027-01-01T00:00:00Z'))).toThrow(expect.objectContaining({ code: 'SURVEY_EXPIRED' }));
    expect(() => verifySurveyToken(surveyKey(createKeyring([{ id: 'k9', key: crypto.randomBytes(32) }])), token)).toThrow(expect.objectContaining({ code: 'SURVEY_TOKEN_INVALID' }));
  });

  it('keeps links valid when a new data key is put first (rotation)', () => {
    const rotated = surveyKey(createKeyring([{ id: 'k2', key: crypto.randomBytes(32) }, k1]));
    const { token } = signSurveyToken(key, '2026-4K7PQ-2XMAB', new Date(Date.now() + 86_400_000));
    expect(verifySurveyToken(rotated, token).caseId).toBe('2026-4K7PQ-2XMAB');
    expect(tokenIdFor(rotated, '2026-4K7PQ-2XMAB')).toBe(tokenIdFor(key, '2026-4K7PQ-2XMAB'));
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { smsAcknowledgementText } from './sms-text.ts';

const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), 'omh-trois-rivieres');

describe('SMS acknowledgement text', () => {
  it('is the profile’s French text with the case number and the answer date', () => {
    expect(smsAcknowledgementText(profile, '2026-4K7PQ-2XMAB', '2026-12-28T04:59:59.000Z')).toBe(
      'OMHTR : nous avons bien reçu votre message vocal. Dossier 2026-4K7PQ-2XMAB. Réponse au plus tard le 27 décembre 2026.',
    );
  });

  it('drops the deadline sentence when there is no answer deadline', () => {
    expect(smsAcknowledgementText(profile, '2026-4K7PQ-2XMAB', null)).toBe('OMHTR : nous avons bien reçu votre message vocal. Dossier 2026-4K7PQ-2XMAB.');
  });
});

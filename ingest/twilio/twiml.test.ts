import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { afterDialTwiml, afterRecordTwiml, callbackUrls, languageOf, menuTwiml, routeTwiml } from './twiml.ts';

const t = loadProfile(path.join(REPO_ROOT, 'profiles'), 'omh-trois-rivieres').telephony!;
const urls = callbackUrls('https://doleances.example.ca/', '/twilio');

describe('TwiML', () => {
  it('greets in French and offers English on 9; no key goes on in French', () => {
    const xml = menuTwiml(t, urls, DEFAULT_LIMITS);
    expect(xml).toMatch(/<Gather numDigits="1"[^>]*action="https:\/\/doleances\.example\.ca\/twilio\/voice\/language"/);
    expect(xml).toContain('<Say language="fr-CA" voice="Polly.Chantal">Bonjour, vous êtes bien à Office municipal');
    expect(xml).toContain('For English, press 9.');
    expect(xml).toContain('<Redirect method="POST">https://doleances.example.ca/twilio/voice/route?lang=fr</Redirect>');
    expect(languageOf('9')).toBe('en');
    expect(languageOf('1')).toBe('fr');
    expect(languageOf(undefined)).toBe('fr');
  });

  it('during opening hours: the emergency notice, then staff phones, no answer → voicemail', () => {
    const xml = routeTwiml(t, 'fr', urls, DEFAULT_LIMITS, '+18193780000');
    expect(xml.indexOf('9-1-1')).toBeGreaterThan(0);
    expect(xml).toMatch(/<Dial timeout="20" action="https:\/\/doleances\.example\.ca\/twilio\/voice\/dial-status\?lang=fr" method="POST"><Number>\+18193780000<\/Number><\/Dial>/);
    expect(afterDialTwiml(t, 'fr', 'completed', urls, DEFAULT_LIMITS)).toContain('<Hangup/>');
    expect(afterDialTwiml(t, 'fr', 'no-answer', urls, DEFAULT_LIMITS)).toContain('<Record ');
  });

  it('after hours: French real-time transcription started, then the recording with its limits and callbacks', () => {
    const xml = routeTwiml(t, 'fr', urls, DEFAULT_LIMITS, null);
    expect(xml).not.toContain('<Dial');
    expect(xml.indexOf('9-1-1')).toBeLessThan(xml.indexOf('Après le signal sonore'));
    expect(xml).toMatch(/<Start><Transcription languageCode="fr-CA" track="inbound_track"[^>]*statusCallbackUrl="https:\/\/doleances\.example\.ca\/twilio\/transcription"/);
    expect(xml).toMatch(/<Record maxLength="180" timeout="6"[^>]*recordingStatusCallback="https:\/\/doleances\.example\.ca\/twilio\/recording"[^>]*recordingStatusCallbackEvent="completed absent" transcribe="true" transcribeCallback="https:\/\/doleances\.example\.ca\/twilio\/transcribe"/);
    expect(xml.indexOf('<Start>')).toBeLessThan(xml.indexOf('<Record'));
    const noLegacy = routeTwiml(t, 'fr', urls, { ...DEFAULT_LIMITS, legacyTranscription: false, maxLengthSeconds: 90 }, null);
    expect(noLegacy).toContain('maxLength="90"');
    expect(noLegacy).not.toContain('transcribe=');
  });

  it('in English after 9: English prompts and transcription', () => {
    const xml = routeTwiml(t, 'en', urls, DEFAULT_LIMITS, null);
    expect(xml).toContain("If someone's life or safety is in danger");
    expect(xml).toContain('languageCode="en-US"');
    expect(xml).toContain('voice/recorded?lang=en');
    expect(afterRecordTwiml('en')).toMatch(/Thank you[\s\S]*<Hangup\/>/);
  });
});

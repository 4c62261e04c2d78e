import { describe, expect, it } from 'vitest';
import { parseBridgeConfig } from '../../../shared/config/bridge-config.js';
import { foldKeyword, KeywordMatcher, recogniseConsentAction } from '../../../shared/domain/consent/keywords.js';

const matcher = new KeywordMatcher(parseBridgeConfig({}).keywords);
const text = (body: string) => ({ id: 'wamid.1', type: 'text', timestamp: '1', text: { body } });

describe('Function: foldKeyword', () => {
  it('removes accents, case, extra spaces and surrounding punctuation', () => {
    expect(foldKeyword('  arrêt! ')).toBe('ARRET');
    expect(foldKeyword('Daten   löschen.')).toBe('DATEN LOSCHEN');
    expect(foldKeyword('ＳＴＯＰ')).toBe('STOP');
  });
});

describe('Class: KeywordMatcher', () => {
  it.each(['STOP', 'stop', 'Stopp', 'STOPP!', 'abmelden', 'ARRET', 'Arrêt', 'arret', 'BAJA', 'annulla', 'Afmelden', 'unsubscribe'])(
    'recognises "%s" as a withdrawal',
    (word) => {
      expect(matcher.match(word)).toBe('withdraw');
    },
  );

  it.each(['DELETE MY DATA', 'delete my data', 'Daten löschen', 'DATEN LOESCHEN'.replace('OE', 'Ö'), 'supprimer mes données'])(
    'recognises "%s" as an erasure request',
    (words) => {
      expect(matcher.match(words)).toBe('erasure');
    },
  );

  it('recognises grant keywords', () => {
    expect(matcher.match('start')).toBe('grant');
    expect(matcher.match('Ich stimme zu')).toBe('grant');
  });

  it('matches whole messages only', () => {
    expect(matcher.match('please stop sending me offers')).toBeUndefined();
    expect(matcher.match('STOPPING')).toBeUndefined();
    expect(matcher.match('')).toBeUndefined();
  });

  it('prefers withdrawal when a word is configured both ways', () => {
    const both = new KeywordMatcher({ en: { withdraw: ['NO'], grant: ['NO'], erasure: [] } });
    expect(both.match('no')).toBe('withdraw');
  });
});

describe('Function: recogniseConsentAction', () => {
  const buttonReply = (id: string) => ({ id: 'wamid.2', type: 'interactive', timestamp: '1', interactive: { type: 'button_reply', button_reply: { id, title: 'x' } } });

  it('reads the consent buttons from an interactive button_reply', () => {
    expect(recogniseConsentAction(buttonReply('consent:grant'), matcher)).toEqual({ action: 'grant', evidence: 'button_reply' });
    expect(recogniseConsentAction(buttonReply('consent:decline'), matcher)).toEqual({ action: 'decline', evidence: 'button_reply' });
    expect(recogniseConsentAction(buttonReply('consent:withdraw'), matcher)).toEqual({ action: 'withdraw', evidence: 'button_reply' });
  });

  it('reads the button id when ingest kept the reply as unsupported with original_type interactive', () => {
    const kept = { ...buttonReply('consent:grant'), type: 'unsupported', original_type: 'interactive' };
    expect(recogniseConsentAction(kept, matcher)).toEqual({ action: 'grant', evidence: 'button_reply' });
  });

  it('reads a template quick-reply payload', () => {
    const quickReply = { id: 'wamid.3', type: 'button', timestamp: '1', button: { payload: 'consent:withdraw', text: 'Stop' } };
    expect(recogniseConsentAction(quickReply, matcher)).toEqual({ action: 'withdraw', evidence: 'button_reply' });
  });

  it('ignores buttons that are not the bridge’s and texts that are not keywords', () => {
    expect(recogniseConsentAction(buttonReply('order:track'), matcher)).toBeUndefined();
    expect(recogniseConsentAction(text('Hello'), matcher)).toBeUndefined();
    expect(recogniseConsentAction(text('STOPP'), matcher)).toEqual({ action: 'withdraw', evidence: 'keyword' });
  });
});

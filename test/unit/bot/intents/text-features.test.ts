import { describe, expect, it } from 'vitest';
import { acrossWordsFeatureOptions, defaultFeatureOptions, extractTerms, Vectoriser } from '../../../../src/core/bot/intents/features.ts';
import { normaliseText, tokenise } from '../../../../src/core/bot/intents/text.ts';

describe('text normalisation', () => {
  it('folds case, width and accents of Latin and Arabic script, but keeps Hangul, kana and й', () => {
    expect(normaliseText('Depósito NÃO chegou, Straße, şifre, İptal')).toBe('deposito nao chegou, strasse, sifre, iptal');
    expect(normaliseText('ＵＳＤＴ')).toBe('usdt');
    expect(normaliseText('비밀번호')).toBe('비밀번호');
    expect(normaliseText('パスワードが')).toBe('パスワードが');
    expect(normaliseText('мой счёт заблокирован й')).toBe('мой счет заблокирован й');
    expect(normaliseText('Depósito', { stripAccents: false })).toBe('depósito');
  });

  it('replaces hashes and addresses with one placeholder', () => {
    expect(normaliseText('tx 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 missing')).toBe('tx  hashcode  missing');
    expect(normaliseText('sent to TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE')).toBe('sent to  hashcode ');
    expect(normaliseText('erc20 and bep20')).toBe('erc20 and bep20');
  });

  it('cuts runs of CJK characters out of mixed words, and keeps words of spaced scripts whole', () => {
    expect(tokenise('usdt没到账 please')).toEqual([
      { text: 'usdt', unspaced: false },
      { text: '没到账', unspaced: true },
      { text: 'please', unspaced: false },
    ]);
    expect(tokenise('입금이 안 됐어요').map((token) => token.text)).toEqual(['입금이', '안', '됐어요']);
  });
});

describe('features', () => {
  it('give word unigrams and bigrams, characters of CJK as words, and character n-grams within words', () => {
    const { words, chars } = extractTerms('Fee 充值', defaultFeatureOptions);
    expect(words.map((term) => term.replaceAll('\u0001', '|').replaceAll('\u0002', '|'))).toEqual(['|fee', '|fee|充', '|充', '|充|值', '|值']);
    expect(chars).toContain(' fee ');
    expect(chars).toContain('充值');
    expect(chars).not.toContain('e 充');
  });

  it('are L2-normalised TF-IDF vectors over the fitted vocabulary, ignoring unknown terms', () => {
    const vectoriser = Vectoriser.fit(['deposit missing', 'deposit pending', 'withdrawal pending', 'withdrawal missing'], {
      ...defaultFeatureOptions,
      minDocumentFrequency: 1,
    });
    const vector = vectoriser.transform('deposit pending zzz');
    const norm = Math.sqrt(Array.from(vector.values).reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect(vectoriser.transform('zzz').indices).toHaveLength(0);
  });
});

describe('character n-grams', () => {
  it('span adjacent words only in the across-words view', () => {
    expect(extractTerms('Top up', acrossWordsFeatureOptions).chars).toEqual(expect.arrayContaining([' top ', 'p up', 'op u']));
    expect(extractTerms('Top up', defaultFeatureOptions).chars).not.toContain('p u');
    expect(extractTerms('Top up', defaultFeatureOptions).words).toEqual(extractTerms('Top up', acrossWordsFeatureOptions).words);
  });


  it('cover long CJK runs to their end, and count characters outside the BMP as one', () => {
    const run = '我昨天晚上充了零点三个以太坊到现在都没有到账麻烦帮我查一下谢谢你们客服人员辛苦了我等了很久了真的很着急';
    expect(extractTerms(run, defaultFeatureOptions).chars).toContain('辛苦了');
    expect(extractTerms('𠮷野家', defaultFeatureOptions).chars).toContain('𠮷野');
  });
});

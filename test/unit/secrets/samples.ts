/**
 * Secrets for the guard's tests: mnemonics made with @scure/bip39's generateMnemonic and keys
 * from random bytes when the tests were written, pasted here so every run sees the same text.
 * They were never used for anything and hold nothing.
 */
export const mnemonics = {
  english: 'scan market absurd normal lyrics north wisdom become swear picture grief genius',
  english2: 'shoulder warm hat grain educate nuclear rigid trick barely arrow page ozone',
  english24:
    'walk satoshi august neck broom planet ensure glass magic arm bacon side assume cereal memory project draft broken engine image mask slice verb bottom',
  spanish: 'acto anemia zapato morro carpeta dedo remar etnia gacela globo aceptar preso',
  french: 'ouragan luisant lièvre spacieux acier emballer félin relatif avoine extensif ligue réunion',
  italian: 'camerata smussato recinto ignaro nababbo sguardo negozio europa egemonia accusato lievito sciroppo',
  portuguese: 'ministro aflito bispo tampa mundial mirante coibir goela pluvial decimal cruzeiro triagem',
  czech: 'golfista utopenec zubovina dravec pokyn vodivost lusk rubrika blokovat panenka klokan ukrojit',
  japanese: 'なめらか　きらい　あてはまる　おまいり　のりゆき　みやげ　ばかり　たんてい　みんぞく　もらう　むかう　となえる',
  korean: '예선 거품 산책 출근 마련 수석 회복 천천히 몸짓 좌석 간섭 습기',
  simplifiedChinese: '润 蛋 趣 蒙 涉 吾 侧 职 扰 浅 绪 氨',
  traditionalChinese: '局 式 扇 彈 禦 舉 男 即 吊 夜 均 糧',
} as const;

/** The first English mnemonic with its last word swapped: every word valid, the checksum not. */
export const brokenChecksum = 'scan market absurd normal lyrics north wisdom become swear picture grief zoo';

/** Words of a phrase, however it was written down. */
export function wordsOf(phrase: string): string[] {
  return phrase.split(/[ \u3000]/);
}

export const hexKeys = [
  '6e29c279ccb023e975d21f10aac63878866eb24754bbfe5e0542cc3c29d229e3',
  '04bf1dec737e91764ca58a79e1ae0c356b2fedbccd2df944faf5763217e1dacf',
  'db28842835cea97d2569f8e7e4c9b15aa5f69bf392c2ee41a2b94d09a4e6a97f',
] as const;

export const wifUncompressed = '5KJVPY67HeZjGxWPsrizNENnuuFLBuu34LZsWyPv1CP2adpm5h3';
export const wifCompressed = 'KwKzJmzmDubFEkejqhicBXtC1Z99VNU5SQQkGHYqFNHjTrA5NbeF';
export const xprv =
  'xprv9y1fX7VjwKZTPuZhhoJf6zm8h8dmpwMPRbZLhmK7KrPiusY4RnnptFcupxRxmkkJCZqXLimJRDLfqJbJsphDCgDDcMqMFxR6ThWzoi16jtv';
export const apiSecret = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';

/**
 * Which language the bot answers a message in. The conversation's language so far and the
 * customer's locale (from their token) are priors, not the answer: a message too short or too
 * ambiguous to tell ("ok", "USDT?", an emoji, a tx hash) keeps them, and a message clearly written
 * in another language wins. Writing systems decide before statistics do (kana → ja, hangul → ko,
 * Han only → zh, Arabic → ar, Cyrillic → ru or uk); the two close pairs, Russian/Ukrainian and
 * Spanish/Portuguese, are settled by the letters and words only one of each pair uses. Pure: the
 * statistical detector (the LanguageDetector port) is passed in. docs/decisions/006 says why.
 */
import { languages, type Language } from '../conversations/types.ts';

/** What a statistical detector says about one text (the LanguageDetector port answers this). */
export interface LanguageGuess {
  /** The most likely of the served languages; null when the text gives nothing to go on. */
  language: Language | null;
  /**
   * 0..1: how far `language` stands above the runner-up, lowered for texts of a few letters.
   * Close pairs (ru/uk, es/pt) score low even when the answer is right.
   */
  confidence: number;
  /** How well the text fits each candidate language (0..1, higher fits better; not probabilities). */
  scores: Partial<Record<Language, number>>;
}

/** Anything that guesses a text's language: the LanguageDetector port, or a fake in tests. */
export interface LanguageGuesser {
  detect(text: string): LanguageGuess;
}

/** What the bot knows about the customer's language before reading the message. */
export interface LanguageContext {
  /** The conversation's language so far (null before the first message). */
  current?: Language | null;
  /** The customer's locale from their token, e.g. "pt-BR", "zh-Hant", "uk"; any string is accepted. */
  locale?: string | null;
}

/**
 * Where the answer came from: the message itself (`script`, `spelling`, `detector`) or a prior
 * that the message did not overturn (`conversation`, `locale`, `default`).
 */
export type LanguageReason = 'script' | 'spelling' | 'detector' | 'conversation' | 'locale' | 'default';

/** The language to answer in, and why. */
export interface LanguageChoice {
  language: Language;
  reason: LanguageReason;
}

/** The language of last resort: no prior and nothing readable in the message. */
export const fallbackLanguage: Language = 'en';

// ---------------------------------------------------------------------------------------------
// Locales

const served = new Set<string>(languages);

// Codes that are not ISO 639-1 but reach us anyway. Country codes are mapped only when they are
// not also a language's code (so "br", Breton, and "tw", Twi, are not read as pt and zh).
const localeAliases: Record<string, Language> = {
  eng: 'en', zho: 'zh', chi: 'zh', cmn: 'zh', yue: 'zh', spa: 'es', por: 'pt', rus: 'ru', tur: 'tr',
  fra: 'fr', fre: 'fr', vie: 'vi', ind: 'id', ara: 'ar', arb: 'ar', ukr: 'uk', kor: 'ko', jpn: 'ja',
  deu: 'de', ger: 'de',
  in: 'id', // Java's legacy code for Indonesian
  // Malay is read as Indonesian: the standard forms are mutually intelligible and it is the
  // closest language we serve (the detector cannot tell them apart either).
  ms: 'id', msa: 'id', may: 'id', zsm: 'id',
  ua: 'uk', cn: 'zh', hk: 'zh', jp: 'ja', vn: 'vi',
};

/**
 * The served language a locale names ("pt-BR" → pt, "zh-Hant-TW" → zh, "in" → id, "ms" → id,
 * "en_US.UTF-8" → en), or null for a locale we do not serve or cannot read.
 */
export function languageOfLocale(locale: string | null | undefined): Language | null {
  if (typeof locale !== 'string') return null;
  const primary = locale.trim().slice(0, 40).toLowerCase().split(/[-_.@\s]/)[0] ?? '';
  if (served.has(primary)) return primary as Language;
  return localeAliases[primary] ?? null;
}

// ---------------------------------------------------------------------------------------------
// What in a message is language

/** The message reduced to its words, with letters counted per writing system. */
interface Evidence {
  /** Words only: links, emails, codes, hashes, tickers and network names removed. */
  text: string;
  /** Lower-cased words, for the marker word lists. */
  words: string[];
  latin: number;
  cyrillic: number;
  arabic: number;
  han: number;
  kana: number;
  hangul: number;
}

// Enough to know a language; a 10,000-character paste is not read to the end.
const MAX_ANALYSED = 2000;

const markup = /<[^>]{0,200}>/g;
const links = /(?:https?:\/\/|www\.)\S+/gi;
const emails = /[^\s@]+@[^\s@]+\.[^\s@]+/g;
// Latin letters glued to digits: TRC20, 2FA, 3h, order ids, hashes, addresses, amounts. Matched
// from a token's start only, so a long run of letters is not rescanned from every position.
const codes = /(?<![A-Za-z0-9_])[A-Za-z0-9_]*[0-9][A-Za-z0-9_]*/g;
const latinWords = /\p{Script=Latin}+(?:['’]\p{Script=Latin}+)*/gu;
const uncasedOrLower = /[\p{Ll}\p{Lo}]/u;
// Tickers and network names are the same in every language, so they only mislead the detector.
const brandNames = new Set([
  'usdt', 'usdc', 'busd', 'btc', 'eth', 'bnb', 'xrp', 'xlm', 'trx', 'ltc', 'doge', 'tron', 'tether',
  'bitcoin', 'ethereum', 'solana', 'arbitrum', 'polygon', 'avalanche', 'optimism', 'binance',
  'metamask', 'bsc', 'kyc', 'otp', 'wd',
]);

const counter = (pattern: RegExp) => (text: string): number => text.match(pattern)?.length ?? 0;
const countLatin = counter(/\p{Script=Latin}/gu);
const countCyrillic = counter(/\p{Script=Cyrillic}/gu);
const countArabic = counter(/(?=\p{Script=Arabic})\p{L}/gu);
const countHan = counter(/\p{Script=Han}/gu);
const countKana = counter(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
const countHangul = counter(/\p{Script=Hangul}/gu);

function readEvidence(message: string): Evidence {
  // NFC, so that Vietnamese typed with combining accents reads like the precomposed letters.
  const raw = message.slice(0, MAX_ANALYSED).normalize('NFC');
  // Acronyms (KYC, CS, SOL) are dropped unless the whole message is in capitals.
  const dropAcronyms = uncasedOrLower.test(raw);
  const text = raw
    .replace(markup, ' ')
    .replace(links, ' ')
    .replace(emails, ' ')
    .replace(codes, ' ')
    .replace(latinWords, (word) => {
      const acronym = dropAcronyms && word.length > 1 && word.length <= 6 && word === word.toUpperCase();
      return acronym || brandNames.has(word.toLowerCase()) ? ' ' : word;
    })
    .replace(/\s+/g, ' ')
    .trim();
  return {
    text,
    words: text.toLowerCase().split(/[^\p{L}\p{M}'’]+/u).filter((word) => word.length > 0),
    latin: countLatin(text),
    cyrillic: countCyrillic(text),
    arabic: countArabic(text),
    han: countHan(text),
    kana: countKana(text),
    hangul: countHangul(text),
  };
}

// ---------------------------------------------------------------------------------------------
// The close pairs

/** What only one language of a close pair writes: letters (worth three words each) and words. */
interface Markers {
  letters: RegExp;
  words: ReadonlySet<string>;
}

const noLetters = /(?!)/g;
const noWords: ReadonlySet<string> = new Set();

const ukrainianLetters: Markers = { letters: /[іїєґІЇЄҐ]/gu, words: noWords };
const russianLetters: Markers = { letters: /[ыэъёЫЭЪЁ]/gu, words: noWords };
const ukrainianWords: Markers = {
  letters: noLetters,
  words: new Set([
    'що', 'це', 'як', 'мені', 'мене', 'вже', 'чому', 'коли', 'дуже', 'треба', 'будь', 'ласка', 'зараз',
    'можна', 'можу', 'але', 'або', 'дякую', 'кошти', 'видалити', 'скасувати', 'надіслав', 'отримав',
    'переказ', 'гаманець', 'рахунок', 'чекаю', 'поповнення',
  ]),
};
const russianWords: Markers = {
  letters: noLetters,
  words: new Set([
    'что', 'это', 'как', 'мне', 'меня', 'уже', 'нет', 'почему', 'когда', 'очень', 'надо', 'нужно',
    'пожалуйста', 'сейчас', 'можно', 'могу', 'или', 'деньги', 'спасибо', 'аккаунт', 'удалить', 'отменить',
    'отправил', 'получил', 'перевод', 'кошелек', 'средства', 'жду', 'где', 'мой', 'помогите',
  ]),
};
// Only words the other language does not also write ("o" is Spanish "or", "dos" Spanish "two").
const portuguese: Markers = {
  letters: /[ãõçÃÕÇ]/gu,
  words: new Set([
    'não', 'nao', 'você', 'voce', 'vc', 'meu', 'minha', 'meus', 'minhas', 'obrigado', 'obrigada', 'olá',
    'oi', 'cadê', 'cade', 'já', 'tá', 'tô', 'pra', 'valeu', 'também', 'ainda', 'isso', 'isto', 'um',
    'uma', 'ele', 'ela', 'foi', 'são', 'estou', 'tenho', 'consigo', 'quero', 'conta', 'saque',
    'dinheiro', 'ajuda', 'do', 'na', 'nas', 'pela', 'ao', 'e', 'os',
  ]),
};
const spanish: Markers = {
  letters: /[ñÑ¿¡]/gu,
  words: new Set([
    'hola', 'gracias', 'mi', 'mis', 'el', 'los', 'las', 'del', 'al', 'un', 'una', 'y', 'tengo', 'puedo',
    'quiero', 'necesito', 'cuenta', 'retiro', 'dinero', 'ayuda', 'qué', 'cómo', 'dónde', 'cuándo',
    'cuánto', 'hace', 'ya', 'pero', 'muy', 'eso', 'esto', 'aquí', 'porfa', 'sí', 'llegó', 'llega', 'sigue',
  ]),
};

// eld has Malay n-grams only, and informal Indonesian chat (gak, udah, gimana) is in neither; these
// words are written in no other served language.
const indonesian: Markers = {
  letters: noLetters,
  words: new Set([
    'gak', 'ga', 'nggak', 'ngga', 'enggak', 'gk', 'udah', 'udh', 'sudah', 'blm', 'belum', 'aja', 'saja',
    'yg', 'yang', 'dong', 'sih', 'deh', 'kok', 'gw', 'gue', 'sy', 'aku', 'kak', 'gan', 'tolong', 'gimana',
    'bagaimana', 'kenapa', 'knp', 'kapan', 'tidak', 'tdk', 'bisa', 'saya', 'akun', 'masuk', 'kirim',
    'lagi', 'dgn', 'dengan', 'dari', 'untuk', 'utk', 'ini', 'itu', 'ada', 'apa', 'juga', 'tapi',
  ]),
};

// Letters that, among the served Latin-script languages, only one writes: enough to switch
// language on a single word ("sıfırla", "chưa về"), where n-gram statistics alone are not.
const distinctiveLetters: Partial<Record<Language, RegExp>> = {
  vi: /[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu,
  tr: /[ıİğĞşŞ]/u,
  de: /[ßäÄ]/u,
  es: /[ñÑ¿¡]/u,
  pt: /[ãõÃÕ]/u,
  fr: /[œŒëïîûÿ]/u,
};

function markerCount(evidence: Evidence, markers: Markers): number {
  const letters = evidence.text.match(markers.letters)?.length ?? 0;
  return 3 * letters + evidence.words.filter((word) => markers.words.has(word)).length;
}

/** The language of a close pair whose markers the message shows more of; null on a tie. */
function byMarkers(evidence: Evidence, first: [Language, Markers], second: [Language, Markers]): Language | null {
  const a = markerCount(evidence, first[1]);
  const b = markerCount(evidence, second[1]);
  if (a === b) return null;
  return a > b ? first[0] : second[0];
}

// ---------------------------------------------------------------------------------------------
// The policy

// A Latin-script message needs this many letters to say anything at all ("ok", "hi", "thx" do not)…
const MIN_LETTERS = 3;
// …and two words and this many letters to move the conversation away from its prior language.
const MIN_LETTERS_TO_SWITCH = 8;
// The prior stays when it fits the message within this fraction of the best language's fit.
const PRIOR_MARGIN = 0.05;
// A short run of Han characters in a Japanese conversation is Japanese written in kanji.
const KANJI_ONLY_IN_JAPANESE = 4;

const latinLanguages: readonly Language[] = ['en', 'es', 'pt', 'tr', 'fr', 'vi', 'id', 'de'];

interface Prior {
  language: Language;
  reason: 'conversation' | 'locale';
}

function priorOf(context: LanguageContext): Prior | null {
  if (context.current && served.has(context.current)) return { language: context.current, reason: 'conversation' };
  const fromLocale = languageOfLocale(context.locale);
  return fromLocale ? { language: fromLocale, reason: 'locale' } : null;
}

const keep = (prior: Prior | null): LanguageChoice =>
  prior ? { language: prior.language, reason: prior.reason } : { language: fallbackLanguage, reason: 'default' };

type Script = 'cjk' | 'arabic' | 'cyrillic' | 'latin';

function dominantScript(evidence: Evidence): Script | null {
  // A CJK character carries about as much as two alphabet letters.
  const weights: Array<[Script, number]> = [
    ['cjk', 2 * (evidence.han + evidence.kana + evidence.hangul)],
    ['arabic', evidence.arabic],
    ['cyrillic', evidence.cyrillic],
    ['latin', evidence.latin],
  ];
  const [script, weight] = weights.reduce((best, next) => (next[1] > best[1] ? next : best));
  return weight >= 2 ? script : null;
}

function chooseCjk(evidence: Evidence, prior: Prior | null): LanguageChoice {
  if (evidence.hangul > 0 && evidence.hangul >= evidence.kana) return { language: 'ko', reason: 'script' };
  if (evidence.kana > 0) return { language: 'ja', reason: 'script' };
  if (prior?.language === 'ja' && evidence.han <= KANJI_ONLY_IN_JAPANESE) return keep(prior);
  return { language: 'zh', reason: 'script' };
}

function chooseCyrillic(evidence: Evidence, prior: Prior | null, detector: LanguageGuesser): LanguageChoice {
  const letters = byMarkers(evidence, ['uk', ukrainianLetters], ['ru', russianLetters]);
  if (letters) return { language: letters, reason: 'spelling' };
  // Without і ї є ґ or ы э ъ ё, the two read alike: a customer already in one of them stays there.
  if (prior?.language === 'ru' || prior?.language === 'uk') return keep(prior);
  const words = byMarkers(evidence, ['uk', ukrainianWords], ['ru', russianWords]);
  if (words) return { language: words, reason: 'spelling' };
  const { scores } = detector.detect(evidence.text);
  const ukrainian = scores.uk ?? 0;
  const russian = scores.ru ?? 0;
  if (ukrainian > russian) return { language: 'uk', reason: 'detector' };
  return { language: 'ru', reason: russian > 0 ? 'detector' : 'script' };
}

function chooseLatin(evidence: Evidence, prior: Prior | null, detector: LanguageGuesser): LanguageChoice {
  if (evidence.latin < MIN_LETTERS) return keep(prior);
  const { scores } = detector.detect(evidence.text);
  const ranked = latinLanguages
    .map((language) => [language, scores[language] ?? 0] as const)
    .filter(([, score]) => score > 0)
    .sort((a, b) => b[1] - a[1]);
  const best = ranked[0];
  let choice: LanguageChoice | null = best ? { language: best[0], reason: 'detector' } : null;
  if (markerCount(evidence, indonesian) > 0) choice = { language: 'id', reason: 'spelling' };
  if (choice?.language === 'es' || choice?.language === 'pt') {
    const iberian = byMarkers(evidence, ['pt', portuguese], ['es', spanish]);
    if (iberian) choice = { language: iberian, reason: 'spelling' };
  }
  if (!choice) return keep(prior);
  if (!prior || choice.language === prior.language) return choice;
  if (distinctiveLetters[choice.language]?.test(evidence.text)) return choice;
  const clear = evidence.words.length >= 2 && evidence.latin >= MIN_LETTERS_TO_SWITCH;
  if (!clear) return keep(prior);
  if (choice.reason === 'spelling') return choice;
  const priorFit = scores[prior.language] ?? 0;
  return priorFit >= (best?.[1] ?? 0) * (1 - PRIOR_MARGIN) ? keep(prior) : choice;
}

/**
 * The language to answer `message` in, given what was known before it. Never throws: any text
 * (empty, emoji, a pasted hash, HTML, 10,000 characters) gets an answer.
 */
export function chooseLanguage(message: string, context: LanguageContext, detector: LanguageGuesser): LanguageChoice {
  const prior = priorOf(context);
  const evidence = readEvidence(typeof message === 'string' ? message : '');
  switch (dominantScript(evidence)) {
    case 'cjk':
      return chooseCjk(evidence, prior);
    case 'arabic':
      return { language: 'ar', reason: 'script' };
    case 'cyrillic':
      return chooseCyrillic(evidence, prior, detector);
    case 'latin':
      return chooseLatin(evidence, prior, detector);
    default:
      return keep(prior);
  }
}

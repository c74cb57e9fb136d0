/**
 * Credentials offered in words: exchange API keys and secrets ("api secret: …", "API密钥 …") and
 * passwords ("my password is …", "pwd: …", "пароль …", "contraseña …", "パスワードは…"). Only a
 * value next to such words is taken, and only if it looks like one: "my password is wrong" keeps
 * its last word, "my password is Hunter2!" does not.
 */
import { apiSecretCue, passwordCue, type CueIndex } from './cues.ts';
import type { SecretFinding } from './types.ts';

// API keys and secrets are long Base64, hex or alphanumeric strings (Binance: 64, OKX: UUID keys).
const apiTokenPattern = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/=_-]{16,128}(?![A-Za-z0-9+/=_-])/g;
const apiReach = 120;
const addressShape = /^(?:0x[0-9a-fA-F]{40}|(?:bc1|tb1|ltc1)[0-9a-z]{20,90}|T[1-9A-HJ-NP-Za-km-z]{33}|[13][1-9A-HJ-NP-Za-km-z]{25,34})$/;

function findApiSecrets(text: string, cues: CueIndex): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const cueWord of cues.all(apiSecretCue)) {
    let taken = 0;
    // Matched on the whole text from the cue on, so a value crossing the reach is taken whole.
    apiTokenPattern.lastIndex = cueWord.end;
    for (let match = apiTokenPattern.exec(text); match && match.index < cueWord.end + apiReach; match = apiTokenPattern.exec(text)) {
      const value = match[0];
      if (!/[A-Za-z]/.test(value) || !/\d/.test(value) || addressShape.test(value)) continue;
      found.push({ kind: 'api_secret', start: match.index, end: match.index + value.length });
      // "API key … and secret …": the key and the secret, nothing further.
      if (++taken === 2) break;
    }
  }
  return found;
}

// Between the word "password" and its value: punctuation, copulas and particles of our languages.
const connectorPattern =
  /^(?:[\s:=：\-–—>]|(?:is|was|es|era|é|est|ist|lautet|là|adalah|yaitu|ialah|это|هي|هو|now|ahora|agora|maintenant|jetzt|sekarang|bây giờ)(?![\p{L}])|[是为為はが는은이을를：])*/u;
const strongConnector = /[:=：]/;
const quotedValue = /^["'“‘«「『]([^"'”’»」』\n]{1,64})["'”’»」』]/;
const bareValue = /^[\x21-\x7e]{4,64}/;
const trailingPunctuation = /[.,;:?)\]}>"'`]+$/;
const clauseEnd = /[\n.!?。！？](?:\s|$)|[\n。！？]/;
const laterConnector =
  /(?:\s(?:is|was|es|era|é|est|ist|lautet|là|adalah|yaitu|ialah|это|هي|هو)(?![\p{L}])\s*:?|[:=：]|[是为為はが는은])\s*/gu;

// Words that follow "password" in ordinary complaints, in the languages that write them in ASCII.
const notAPassword = new Set([
  'wrong', 'incorrect', 'invalid', 'correct', 'right', 'expired', 'changed', 'change', 'reset', 'forgotten', 'forgot',
  'lost', 'stolen', 'hacked', 'compromised', 'locked', 'blocked', 'required', 'needed', 'strong', 'weak', 'same',
  'missing', 'empty', 'none', 'unknown', 'different', 'updated', 'correcta', 'incorrecta', 'incorrecto', 'equivocada',
  'errada', 'errado', 'incorreta', 'correta', 'bloqueada', 'falsch', 'richtig', 'ungueltig', 'ungültig', 'falsche',
  'yanlis', 'yanlış', 'salah', 'benar', 'sai', 'fausse', 'faux', 'incorrecte', 'oublie', 'oublié', 'bloque', 'bloqué',
  'not', 'does', 'doesn', 'didn', 'isn', 'wasn', 'won', 'can', 'cannot', 'still', 'again', 'also', 'too', 'very',
  'field', 'manager', 'recovery', 'please', 'help', 'link', 'email', 'mail', 'the', 'my', 'your', 'this', 'that',
]);

/** True for a string shaped like a chosen secret: letters with digits or symbols, or mixed case. */
export function looksLikeSecret(value: string): boolean {
  if (value.length < 4 || /@.+\./.test(value) || /:\/\/|^www\./i.test(value)) return false;
  if (/^(?:[A-Z]{2,6}[-/_]?)?(?:TRC|ERC|BEP|BRC|SPL|ARC)-?\d{2,3}$/i.test(value) || /^[A-Z]{2,6}[/-][A-Z]{2,6}$/.test(value)) {
    return false;
  }
  const letters = /\p{L}/u.test(value);
  const digits = /\d/.test(value);
  // An apostrophe inside a word is English ("doesn't"), not a password's symbol.
  const symbols = /[^\p{L}\d]/u.test(value.replace(/[!.]+$/, '').replace(/(?<=\p{L})['’](?=\p{L})/gu, ''));
  const innerCapital = /\p{Ll}.*\p{Lu}|\p{Lu}{2}.*\p{Ll}/u.test(value);
  return (letters && digits) || (letters && symbols) || (innerCapital && value.length >= 8);
}

function passwordValue(text: string, from: number, requireConnector: boolean): SecretFinding | null {
  const rest = text.slice(from, from + 96);
  const connector = connectorPattern.exec(rest)?.[0] ?? '';
  if (requireConnector && connector.trim() === '') return null;
  const afterConnector = rest.slice(connector.length);
  const quoted = quotedValue.exec(afterConnector);
  if (quoted) {
    const start = from + connector.length;
    return { kind: 'password', start, end: start + quoted[0].length };
  }
  const bare = bareValue.exec(afterConnector)?.[0].replace(trailingPunctuation, '');
  if (!bare || bare.length < 4) return null;
  const plainWord = /^\p{L}+$/u.test(bare) && !looksLikeSecret(bare);
  const accepted =
    !notAPassword.has(bare.toLowerCase()) &&
    (looksLikeSecret(bare) || /^\d{4,}$/.test(bare) || (plainWord && strongConnector.test(connector) && bare.length >= 6));
  if (!accepted) return null;
  const start = from + connector.length;
  return { kind: 'password', start, end: start + bare.length };
}

function findPasswords(text: string, cues: CueIndex): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const cueWord of cues.all(passwordCue)) {
    const direct = passwordValue(text, cueWord.end, false);
    if (direct) {
      found.push(direct);
      continue;
    }
    // "the password for my Binance account is Qwerty123": the value follows a later copula.
    const clause = text.slice(cueWord.end, cueWord.end + 60);
    const clauseLength = clause.search(clauseEnd);
    const scope = clauseLength < 0 ? clause : clause.slice(0, clauseLength);
    for (const connector of scope.matchAll(laterConnector)) {
      const value = passwordValue(text, cueWord.end + connector.index, true);
      if (value) {
        found.push(value);
        break;
      }
    }
  }
  return found;
}

// "john@mail.com / Qwerty!23", "john@mail.com:Qwerty!23": a login written the way it is typed.
const loginPattern = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[/|:;]\s*([\x21-\x7e]{6,64})/g;

function findLogins(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const match of text.matchAll(loginPattern)) {
    const value = match[1]!.replace(trailingPunctuation, '');
    if (!looksLikeSecret(value)) continue;
    const start = match.index + match[0].length - match[1]!.length;
    found.push({ kind: 'password', start, end: start + value.length });
  }
  return found;
}

/** Every API secret and password the customer offered in the text. */
export function findCredentials(text: string, cues: CueIndex): SecretFinding[] {
  return [...findApiSecrets(text, cues), ...findPasswords(text, cues), ...findLogins(text)];
}

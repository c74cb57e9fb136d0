/**
 * The words around a secret that say what it is, in the 14 languages the platform serves (en zh
 * es pt ru tr fr vi id ar uk ko ja de). A 64-hex string after "txid" is a transaction hash; after
 * "private key" it is a key; six digits after "2FA code" are a one-time code, after "order" an id.
 */

/** A compiled cue: finds every occurrence of any of its words in a text. */
export interface Cue {
  pattern: RegExp;
}

interface CueWords {
  /** Words of scripts with spaces: matched only where no letter or digit touches their left side. */
  bounded: readonly string[];
  /** Chinese and Japanese words, and path fragments: matched anywhere. */
  unbounded?: readonly string[];
}

function cue(words: CueWords): Cue {
  const parts = [`(?<![\\p{L}\\p{N}_])(?:${words.bounded.join('|')})(?![\\p{Ll}])`];
  if (words.unbounded && words.unbounded.length > 0) parts.push(`(?:${words.unbounded.join('|')})`);
  return { pattern: new RegExp(parts.join('|'), 'giu') };
}

/** Words after which a 64-hex string is a transaction hash (or a file's digest), not a key. */
export const transactionCue = cue({
  bounded: [
    'tx', 'txs', 'txid', 'txids', 'txn', 'tx ?hash(?:es)?', 'tx-?id', 'txhash', 'hash(?:es)?', 'transactions?', 'transfer id',
    'blockchain', 'explorer', 'block ?hash', 'sha-?256', 'checksum', 'digest', 'fingerprint', 'etherscan', 'bscscan', 'tronscan', 'solscan', 'polygonscan', 'arbiscan',
    'transacci[oó]n(?:es)?', 'transa[cç](?:[aã]o|[oõ]es)', 'id de transa\\p{L}*', 'транзакци\\p{L}*', 'хэш\\p{L}*', 'хеш\\p{L}*',
    'işlem\\p{L}*', 'islem\\p{L}*', 'giao dịch', 'transaksi', 'المعاملة', 'معاملة', 'الهاش', 'هاش',
    'транзакці\\p{L}*', 'Transaktion\\p{L}*', 'Hashwert', '거래', '해시', '트랜잭션',
  ],
  unbounded: ['交易', '哈希', '转账', '轉帳', 'トランザクション', 'ハッシュ', '取引', '/tx/'],
});

/** Words that say the next string is a wallet's private key. */
export const privateKeyCue = cue({
  bounded: [
    'private ?keys?', 'priv ?keys?', 'privkey', 'secret ?key', 'wallet key', 'keys?', 'wif', 'clave privada', 'chave privada',
    'приватн\\p{L}* ключ\\p{L}*', 'закрыт\\p{L}* ключ\\p{L}*', 'особист\\p{L}* ключ\\p{L}*', 'ключ\\p{L}*',
    'özel anahtar\\p{L}*', 'ozel anahtar\\p{L}*', 'clé privée', 'cle privee', 'khóa riêng(?: tư)?', 'khoá riêng(?: tư)?',
    'kunci pribadi', 'kunci privat', 'المفتاح الخاص', 'مفتاح خاص', 'privater? Schlüssel', 'Privatschlüssel',
    '개인 ?키', '프라이빗 ?키', '비밀 ?키',
  ],
  unbounded: ['私钥', '私鑰', '秘密鍵', 'プライベートキー', '秘密キー'],
});

/** Words that offer an exchange API key or secret. */
export const apiSecretCue = cue({
  bounded: [
    'api[ _-]?secrets?', 'api[ _-]?keys?', 'apikey', 'secret[ _-]?keys?', 'secretkey', 'api passphrase', 'secret(?=\\s*[:=])',
    'clave (?:secreta|api|de (?:la )?api)', 'chave (?:secreta|api|da api)', 'секретн\\p{L}* ключ\\p{L}*', 'api[ -]ключ\\p{L}*',
    'ключ\\p{L}* api', 'gizli anahtar\\p{L}*', 'api anahtar\\p{L}*', 'clé (?:secrète|api|d\'api)', 'cle secrete',
    'khóa (?:bí mật|api)', 'kunci (?:rahasia|api)', 'المفتاح السري', 'مفتاح api', 'geheime[rn]? Schlüssel', 'API-Schlüssel',
    '시크릿 ?키', 'api ?키',
  ],
  unbounded: ['密钥', '密鑰', 'シークレットキー', 'シークレット', 'APIキー'],
});

/** Words that introduce a password. */
export const passwordCue = cue({
  bounded: [
    'passwords?', 'passwd', 'pwd', 'passcode', 'passphrase', 'pass(?=\\s*[:=]| is )', 'pw(?=\\s*[:=])', 'mk(?=\\s*[:=])',
    'contraseñ[ao]', 'contrasena', 'clave(?! (?:privada|secreta|api|p[uú]blica|de (?:la )?api))', 'senha',
    'парол\\p{L}*', 'şifre\\p{L}*', 'sifre\\p{L}*', 'parola\\p{L}*', 'mot de passe', 'mdp', 'mật khẩu', 'mat khau',
    'kata sandi', 'sandi', 'kata laluan', 'كلمة (?:ال)?(?:مرور|سر)', 'الباسورد', 'باسورد', 'Passwort\\p{L}*', 'Kennwort',
    '비밀번호', '비번', '패스워드',
  ],
  unbounded: ['密码', '密碼', 'パスワード', '暗証番号', 'パスコード'],
});

/** Words that offer a one-time code (2FA, SMS, e-mail or authenticator). */
export const oneTimeCodeCue = cue({
  bounded: [
    '2fa', 'g2fa', 'two[- ]factor', 'sms', 'смс', 'otp', 'totp', 'authenticator', 'auth', 'google auth\\p{L}*', 'ga(?= ?[:=-])', 'codes?', 'verification',
    'one[- ]time', 'c[oó]digos?', 'autenticador', 'verificaci[oó]n', 'verifica[cç][aã]o', 'код\\p{L}{0,2}',
    'аутентификатор\\p{L}*', 'автентифікатор\\p{L}*', 'kod\\p{L}{0,3}', 'doğrulama', 'authentificateur', 'vérification',
    'mã(?: (?:xác (?:minh|thực|nhận)|otp|2fa))?', 'kode', 'autentikator', 'verifikasi', 'رمز', 'الرمز', 'كود', 'الكود',
    'المصادقة', 'التحقق', '인증 ?(?:코드|번호)', '코드', 'Bestätigungscode', 'Sicherheitscode', 'Einmalcode',
    'Authentifizierungscode',
  ],
  unbounded: ['验证码', '驗證碼', '动态码', '動態碼', '谷歌验证', '谷歌驗證', '认证码', '認證碼', '二次验证', '認証コード', '確認コード', 'ワンタイム', '二段階認証', '認証アプリ'],
});

/** Words that offer the setup key of an authenticator app, from which every future code follows. */
export const authenticatorKeyCue = cue({
  bounded: [
    '(?:2fa|ga|google|authenticator|backup|setup|recovery|totp) ?(?:secret|key)s?', 'authenticator (?:setup|backup) key',
    'clave (?:de )?(?:respaldo|recuperaci[oó]n) 2fa', 'chave (?:de )?(?:backup|recupera[cç][aã]o)', 'ключ\\p{L}* (?:2fa|восстановлени\\p{L}*|аутентификатор\\p{L}*)',
    'yedek anahtar\\p{L}*', 'clé de (?:secours|sauvegarde)', 'khóa (?:dự phòng|khôi phục) 2fa', 'kunci cadangan', 'مفتاح (?:الاسترداد|النسخ الاحتياطي)',
    'Wiederherstellungsschlüssel', '백업 ?키', '복구 ?키',
  ],
  unbounded: ['谷歌密钥', '谷歌密鑰', '备份密钥', '備份密鑰', '恢复密钥', 'バックアップキー', 'セットアップキー'],
});

/** Words that name a code of another kind: "referral code", "código de error", "邀请码". */
export const otherCodeCue = cue({
  bounded: [
    'referral', 'ref', 'promo', 'promotion', 'invite', 'invitation', 'error', 'postal', 'zip', 'post', 'bank', 'branch', 'swift',
    'bic', 'iban', 'tag', 'memo', 'coupon', 'voucher', 'reference', 'tracking', 'country', 'area', 'qr',
    'referido', 'referencia', 'referência', 'promocional', 'convite', 'invitaci[oó]n', 'parrainage', 'erreur', 'Empfehlung\\p{L}*',
    'Fehler\\p{L}*', 'Gutschein\\p{L}*', 'davet', 'referans', 'hata', 'ошибк\\p{L}*', 'помилк\\p{L}*', 'приглашени\\p{L}*',
    'промокод', 'реферальн\\p{L}*', 'почтов\\p{L}*', 'lỗi', 'giới thiệu', 'khuyến mãi', 'kesalahan', 'undangan',
    'الإحالة', 'الخطأ', 'الدعوة', 'البريدي', '추천', '오류', '초대',
  ],
  unbounded: ['邀请码', '邀請碼', '推荐码', '推薦碼', '错误', '錯誤', '邮编', '招待コード', '紹介コード', 'エラー', '郵便番号'],
});

/** Words after which a number is an id or an amount: not a one-time code. */
export const otherNumberCue = cue({
  bounded: [
    'orders?', 'uid', 'user ?id', 'id', 'account', 'ticket', 'case', 'phone', 'tel', 'amount', 'deposit(?:ed)?', 'withdr\\p{L}*',
    'sent', 'balance', 'price', 'total', 'pedido', 'orden', 'ordem', 'commande', 'Bestellung', 'Auftrag', 'sipariş', 'siparis',
    'đơn(?: hàng)?', 'pesanan', 'طلب', 'رقم الطلب', '주문', 'заказ\\p{L}*', 'замовлення', 'номер\\p{L}*', 'сумм\\p{L}*',
    'monto', 'montant', 'Betrag', 'tutar', 'số tiền', 'jumlah', 'المبلغ', '금액', 'numbers?', 'n[uú]mero', 'numéro', 'Nummer',
    'numara\\p{L}*', 'số', 'nomor', 'رقم', '번호',
  ],
  unbounded: ['订单', '訂單', '工单', '工單', '金额', '金額', '注文', '用户ID', '编号', '號碼', '号码'],
});

/** Where a cue word stands in a text. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Every cue word of one message, found with one pass of each cue's pattern and then looked up
 * by position: the detectors ask "which word stands nearest this number?" hundreds of times in a
 * long message, and a scan per question would cost milliseconds.
 */
export class CueIndex {
  readonly #found = new Map<Cue, Span[]>();

  constructor(readonly text: string) {}

  /** Every occurrence of the cue's words, in order. */
  all(cueWords: Cue): Span[] {
    let found = this.#found.get(cueWords);
    if (!found) {
      found = [...this.text.matchAll(cueWords.pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
      this.#found.set(cueWords, found);
    }
    return found;
  }

  /** The last cue word ending at or before `position` and starting at most `reach` before it. */
  before(cueWords: Cue, position: number, reach: number): Span | undefined {
    const found = this.all(cueWords);
    let low = 0;
    let high = found.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (found[middle]!.end <= position) low = middle + 1;
      else high = middle;
    }
    const candidate = found[low - 1];
    return candidate && candidate.start >= position - reach ? candidate : undefined;
  }

  /** The first cue word starting at or after `position` and ending at most `reach` after it. */
  after(cueWords: Cue, position: number, reach: number): Span | undefined {
    const found = this.all(cueWords);
    let low = 0;
    let high = found.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (found[middle]!.start < position) low = middle + 1;
      else high = middle;
    }
    const candidate = found[low];
    return candidate && candidate.end <= position + reach ? candidate : undefined;
  }
}

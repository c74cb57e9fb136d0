/**
 * English BIP-39 words that customers use all the time: the 150 list words most frequent in the
 * Banking77 and CLINC150 training sentences (minus their travel and cooking topics), plus the words
 * of crypto support. In a run of prose most words are among these; in a random mnemonic about one
 * word in ten is, so a run made mostly of them is a sentence, not a phrase (see seed-phrases.ts).
 */
export const commonEnglishListWords: ReadonlySet<string> = new Set(
  (
    'what you card can need have account please that this there tell transfer know when top payment will want credit ' +
    'like where cash use long help make change exchange list time any now find much about fee rate one still check visa ' +
    'name charge phone just wrong next work amount order more add number extra put limit today right off give cancel ' +
    'before all someone possible call good into day balance way direct current used they deposit able purchase say ' +
    'verify report receive another sure come reason start place kind between since correct soon already over item ' +
    'process keep until because month two hello tomorrow wait explain country people online interest again text ' +
    'morning increase problem must type cost coin physical person confirm only minimum left first hold switch under ' +
    'message friend old turn talk expect same expire other remember twice thought access rent few never total update ' +
    'remove code track error year enough home answer arrive found mean discover machine address network token market ' +
    'price trade close thank very also hour minute team agent issue then either above below across among around ' +
    'behind during inside outside toward upon document photo copy proof level security safe lock frozen open response ' +
    'mobile system service version install screen page link click select enter submit'
  ).split(' '),
);

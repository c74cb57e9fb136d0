/**
 * The BIP-39 checksum computed from list positions: what `validateMnemonic` checks, without
 * looking the words up again, for the searches that try many spans of a run.
 */
import { sha256 } from '@noble/hashes/sha2.js';

/** The lengths a mnemonic may have, longest first. */
export const mnemonicLengths: readonly number[] = [24, 21, 18, 15, 12];

/** True when the 11-bit word positions end with the checksum of the entropy they carry. */
export function checksumHolds(indexes: readonly number[]): boolean {
  if (!mnemonicLengths.includes(indexes.length)) return false;
  const checksumBits = indexes.length / 3;
  const entropyBytes = (indexes.length * 11 - checksumBits) / 8;
  const bytes = new Uint8Array(entropyBytes + 1);
  let carry = 0;
  let bits = 0;
  let position = 0;
  for (const index of indexes) {
    carry = (carry << 11) | index;
    bits += 11;
    while (bits >= 8) {
      bits -= 8;
      bytes[position++] = (carry >>> bits) & 0xff;
    }
    carry &= (1 << bits) - 1;
  }
  if (bits > 0) bytes[position] = carry << (8 - bits);
  const expected = (sha256(bytes.subarray(0, entropyBytes))[0]! >> (8 - checksumBits)) << (8 - checksumBits);
  return bytes[entropyBytes] === expected;
}

/**
 * Base58Check, as Bitcoin writes WIF keys and extended keys: the payload is followed by the first
 * four bytes of SHA-256(SHA-256(payload)). A valid checksum tells a real key from a lookalike.
 */
import { sha256 } from '@noble/hashes/sha2.js';

const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const digitOf = new Map([...alphabet].map((char, index) => [char, index]));

/** The bytes a Base58 string encodes, or null when it holds a character outside the alphabet. */
export function decodeBase58(encoded: string): Uint8Array | null {
  const bytes: number[] = [];
  for (const char of encoded) {
    let carry = digitOf.get(char);
    if (carry === undefined) return null;
    for (let i = 0; i < bytes.length; i++) {
      carry += bytes[i]! * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  // Each leading '1' stands for a leading zero byte.
  for (const char of encoded) {
    if (char !== '1') break;
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
}

/** The payload of a Base58Check string, or null when the string or its checksum is not valid. */
export function decodeBase58Check(encoded: string): Uint8Array | null {
  const bytes = decodeBase58(encoded);
  if (!bytes || bytes.length < 5) return null;
  const payload = bytes.subarray(0, bytes.length - 4);
  const checksum = sha256(sha256(payload));
  for (let i = 0; i < 4; i++) if (checksum[i] !== bytes[payload.length + i]) return null;
  return payload;
}

/** True for a WIF private key: version 0x80 (mainnet) or 0xef (testnet), 32 key bytes, optional 0x01. */
export function isWifKey(encoded: string): boolean {
  const payload = decodeBase58Check(encoded);
  if (!payload || (payload[0] !== 0x80 && payload[0] !== 0xef)) return false;
  return payload.length === 33 || (payload.length === 34 && payload[33] === 0x01);
}

import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../ports/identity.ts';

// OWASP's argon2id baseline (19 MiB, 2 iterations, 1 lane).
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id password hashes. */
export const argon2PasswordHasher: PasswordHasher = {
  hash: (password) => hash(password, options),
  async verify(hashed, password) {
    try {
      return await verify(hashed, password);
    } catch {
      return false;
    }
  },
};

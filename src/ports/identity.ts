import type { CustomerPrincipal } from '../core/identity/roles.ts';

/** Password hashing for agents (argon2id in production). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password or a malformed hash; never throws for bad input. */
  verify(hash: string, password: string): Promise<boolean>;
}

/** Customer identity: tokens the exchange signs, and visitor tokens the platform signs itself. */
export interface CustomerTokens {
  /** The customer behind a token, or a `token_invalid` DomainError (expired, forged, malformed). */
  verify(token: string): Promise<CustomerPrincipal>;
  /** A short-lived token for an anonymous website visitor. */
  issueVisitor(): Promise<{ token: string; customer: CustomerPrincipal; expiresAt: Date }>;
}

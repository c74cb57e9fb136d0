import type { Principal } from '../../core/identity/roles.ts';
import type { Store } from '../../ports/store.ts';

/**
 * Keep customer profiles (name, email, locale, tier from the exchange's token) up to date without
 * a write per request: each node remembers what it last stored per customer and writes only when
 * the token says something new.
 */
export function rememberCustomers(store: Store, onError: (err: unknown) => void, capacity = 50_000) {
  const seen = new Map<string, string>();
  return (principal: Principal): void => {
    if (principal.kind !== 'customer' || principal.visitor) return;
    const profile = {
      id: principal.customerId,
      name: principal.name,
      email: principal.email,
      locale: principal.locale,
      tier: principal.tier,
      visitor: false,
    };
    const fingerprint = JSON.stringify(profile);
    if (seen.get(profile.id) === fingerprint) return;
    if (seen.size >= capacity) seen.delete(seen.keys().next().value as string);
    seen.set(profile.id, fingerprint);
    store.upsertCustomer(profile).catch((err: unknown) => {
      seen.delete(profile.id);
      onError(err);
    });
  };
}

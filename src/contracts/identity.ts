import { z } from 'zod';
import { roles } from '../core/identity/roles.ts';
import { isoDate, uuid } from './common.ts';

export const signInBody = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

export const agentDto = z
  .object({ id: uuid, name: z.string(), email: z.string(), roles: z.array(z.enum(roles)) })
  .meta({ id: 'Agent' });

export const customerDto = z
  .object({
    id: z.string(),
    visitor: z.boolean(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    locale: z.string().nullable(),
    tier: z.string().nullable(),
  })
  .meta({ id: 'Customer' });

export const meReply = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), agent: agentDto }),
  z.object({ kind: z.literal('customer'), customer: customerDto }),
]);

export const visitorTokenReply = z.object({ token: z.string(), customer: customerDto, expiresAt: isoDate });
export const signInReply = z.object({ agent: agentDto, expiresAt: isoDate });

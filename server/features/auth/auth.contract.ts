/**
 * Response shapes of sign-in, tokens and accounts. API tests parse responses with these; the client
 * imports the types (`import type`). Requests are described in auth.routes.ts / users.routes.ts.
 */
import { z } from 'zod';

const role = z.enum(['viewer', 'editor', 'admin']);

/** The signed-in user as the UI needs it. */
export const meUserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role,
    /** Layers assigned (editors write these). */
    layers: z.array(z.string()),
    /** Street codes a street-office account is limited to (cases); empty = not limited. */
    streets: z.array(z.string()),
    /** Layers this user may edit right now (every layer for admins, none for viewers). */
    editableLayers: z.array(z.string()),
  })
  .strict();

/** POST /api/auth/login → 200 (plus the pc_session cookie). */
export const loginResponseSchema = z.object({ user: meUserSchema }).strict();

/** GET /api/auth/me: `user` null when nobody is signed in (200 either way). */
export const meResponseSchema = z
  .object({ user: meUserSchema.nullable(), via: z.enum(['session', 'token']).nullable(), readRequiresLogin: z.boolean() })
  .strict();

export const tokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    /** First 10 characters of the secret, to tell tokens apart. */
    prefix: z.string(),
    userId: z.number().int(),
    username: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
  })
  .strict();
/** GET /api/auth/tokens */
export const tokenListSchema = z.object({ tokens: z.array(tokenSchema) }).strict();
/** POST /api/auth/tokens → 201: the only time the secret is shown. */
export const createdTokenSchema = tokenSchema.extend({ token: z.string().regex(/^pct_[A-Za-z0-9_-]{43}$/) }).strict();

/** A user as admins see it (GET/POST/PATCH /api/admin/users…). */
export const userSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role,
    layers: z.array(z.string()),
    streets: z.array(z.string()),
    disabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .strict();
export const userResponseSchema = z.object({ user: userSchema }).strict();
export const userListSchema = z.object({ users: z.array(userSchema) }).strict();

export type MeResponse = z.infer<typeof meResponseSchema>;
export type MeUser = z.infer<typeof meUserSchema>;
export type ApiToken = z.infer<typeof tokenSchema>;
export type CreatedApiToken = z.infer<typeof createdTokenSchema>;
export type User = z.infer<typeof userSchema>;

/**
 * Requests and responses of sign-in, tokens and accounts: the routes validate with these, API tests
 * parse responses with them, the client imports the types (`import type`).
 */
import { z } from 'zod';
import { json, noContent, type ApiGroup } from '../../http/endpoint.ts';
import { ROLES } from './auth.types.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';
import { USERNAME_PATTERN, USERNAME_RULE } from './username.ts';

const role = z.enum(ROLES);

// ---------------------------------------------------------------------------------------------
// Requests

export const passwordSchema = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);
export const usernameSchema = z.string().regex(USERNAME_PATTERN, USERNAME_RULE);

/** POST /api/auth/login */
export const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(PASSWORD_MAX) }).strict();
/** POST /api/auth/password */
export const passwordBody = z.object({ currentPassword: z.string().min(1).max(PASSWORD_MAX), newPassword: passwordSchema }).strict();
/** POST /api/auth/tokens (userId: admins make tokens for others) */
export const tokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    userId: z.number().int().positive().optional(),
  })
  .strict();
/** GET /api/auth/tokens (all: every user's, admins) */
export const tokenListQuery = z.object({ all: z.enum(['true', 'false']).optional() }).strict();
/** `{id}` of a token or a user. */
export const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const layerIds = z.array(z.string().max(64)).max(100);
/** Street codes (the `streets` layer's `code`) a street-office account is limited to. */
const streetCodes = z.array(z.string().regex(/^[0-9A-Za-z_-]{1,32}$/)).max(100);
/** POST /api/admin/users */
export const createUserBody = z
  .object({
    username: usernameSchema,
    password: passwordSchema,
    role,
    displayName: z.string().max(200).optional(),
    layers: layerIds.optional(),
    streets: streetCodes.optional(),
  })
  .strict();
/** PATCH /api/admin/users/{id} */
export const updateUserBody = z
  .object({
    displayName: z.string().max(200).optional(),
    role: role.optional(),
    layers: layerIds.optional(),
    streets: streetCodes.optional(),
    password: passwordSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Responses

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

export const authApi: ApiGroup = {
  tag: 'auth',
  description: 'Sign-in (session cookie pc_session), the signed-in user, own password and bearer API tokens.',
  endpoints: [
    {
      method: 'post',
      path: '/api/auth/login',
      summary: 'Sign in: sets the session cookie (429 after too many failures)',
      body: { content: json(loginBody) },
      responses: { 200: { description: 'Signed in.', content: json(loginResponseSchema), headers: { 'Set-Cookie': 'The session cookie.' } } },
    },
    { method: 'post', path: '/api/auth/logout', summary: 'Sign out (clears the cookie)', responses: { 204: noContent } },
    {
      method: 'get',
      path: '/api/auth/me',
      summary: 'Who is signed in (user null when nobody), and whether reads need a sign-in',
      responses: { 200: { description: 'The caller.', content: json(meResponseSchema) } },
    },
    {
      method: 'post',
      path: '/api/auth/password',
      summary: 'Change one’s own password (other sessions and tokens end)',
      access: 'user',
      body: { content: json(passwordBody) },
      responses: { 204: noContent },
    },
    {
      method: 'get',
      path: '/api/auth/tokens',
      summary: 'One’s API tokens (all=true: everyone’s, admins)',
      access: 'user',
      query: tokenListQuery,
      responses: { 200: { description: 'The tokens, without secrets.', content: json(tokenListSchema) } },
    },
    {
      method: 'post',
      path: '/api/auth/tokens',
      summary: 'Create an API token (the secret is shown once)',
      access: 'user',
      body: { content: json(tokenBody) },
      responses: { 201: { description: 'The token with its secret.', content: json(createdTokenSchema) } },
    },
    { method: 'delete', path: '/api/auth/tokens/:id', summary: 'Revoke an API token', access: 'user', params: idParam, responses: { 204: noContent } },
  ],
};

export const usersApi: ApiGroup = {
  tag: 'users',
  description: 'Accounts (admins): roles, the layers an editor writes, the streets a street-office account sees.',
  endpoints: [
    {
      method: 'get',
      path: '/api/admin/users',
      summary: 'Every account',
      access: 'admin',
      responses: { 200: { description: 'The accounts.', content: json(userListSchema) } },
    },
    {
      method: 'post',
      path: '/api/admin/users',
      summary: 'Create an account (409 USERNAME_TAKEN)',
      access: 'admin',
      body: { content: json(createUserBody) },
      responses: { 201: { description: 'The account.', content: json(userResponseSchema) } },
    },
    {
      method: 'get',
      path: '/api/admin/users/:id',
      summary: 'One account',
      access: 'admin',
      params: idParam,
      responses: { 200: { description: 'The account.', content: json(userResponseSchema) } },
    },
    {
      method: 'patch',
      path: '/api/admin/users/:id',
      summary: 'Change an account (409 LAST_ADMIN)',
      access: 'admin',
      params: idParam,
      body: { content: json(updateUserBody) },
      responses: { 200: { description: 'The account.', content: json(userResponseSchema) } },
    },
    {
      method: 'delete',
      path: '/api/admin/users/:id',
      summary: 'Delete an account (409 LAST_ADMIN)',
      access: 'admin',
      params: idParam,
      responses: { 204: noContent },
    },
  ],
};

export type MeResponse = z.infer<typeof meResponseSchema>;
export type MeUser = z.infer<typeof meUserSchema>;
export type ApiToken = z.infer<typeof tokenSchema>;
export type CreatedApiToken = z.infer<typeof createdTokenSchema>;
export type User = z.infer<typeof userSchema>;

/**
 * Account administration (admins only).
 *   GET    /api/admin/users          → {users: User[]}
 *   POST   /api/admin/users          {username, password, role, displayName?, layers?, streets?} → 201 {user}; 409 USERNAME_TAKEN
 *   GET    /api/admin/users/{id}     → {user}
 *   PATCH  /api/admin/users/{id}     {displayName?, role?, layers?, streets?, password?, disabled?} → {user}; 409 LAST_ADMIN
 *   DELETE /api/admin/users/{id}     → 204; 409 LAST_ADMIN
 * User = {id, username, displayName, role, layers, disabled, createdAt, updatedAt}; `layers` are the
 * layer ids an editor may write; `streets` the street codes a street-office account is limited to (cases).
 */
import { Router } from 'express';
import type { Db } from '../../db/db.ts';
import { parseInput } from '../../http/validate.ts';
import { requireAdmin } from './auth.middleware.ts';
import { createUserBody, idParam, updateUserBody } from './auth.contract.ts';
import * as users from './users.service.ts';

export function usersRoutes(db: Db): Router {
  const r = Router();
  r.use('/api/admin/users', requireAdmin);

  r.get('/api/admin/users', async (_req, res) => {
    res.json({ users: await users.listUsers(db) });
  });
  r.post('/api/admin/users', async (req, res) => {
    const body = parseInput(createUserBody, req.body, 'body');
    res.status(201).json({ user: await users.createUser(db, body) });
  });
  r.get('/api/admin/users/:id', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    res.json({ user: await users.getUser(db, id) });
  });
  r.patch('/api/admin/users/:id', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    const body = parseInput(updateUserBody, req.body, 'body');
    res.json({ user: await users.updateUser(db, id, body) });
  });
  r.delete('/api/admin/users/:id', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    await users.deleteUser(db, id);
    res.status(204).end();
  });
  return r;
}

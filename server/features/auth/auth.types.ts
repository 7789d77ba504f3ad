/**
 * Who is asking, and what they may do. Pure: no database, no Express. The rules in one place:
 *  - viewer: read;  editor: read + write the features of the layers assigned to them;  admin: everything.
 */
import { LAYERS } from '../layers/catalogue/index.ts';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** Layers an editor may write (stored for any role; only editors use them). */
  layers: readonly string[];
  /**
   * A street-office account's scope: the street codes (of the `streets` layer) whose cases it sees
   * and updates. Empty = not limited. Beside the role, not a role: a street office may be a viewer
   * or an editor of its own cases.
   */
  streets: readonly string[];
  /** How the request proved who it is: a browser session cookie or a bearer API token. */
  via: 'session' | 'token';
}

/** What history records about the author of a change. */
export interface Actor {
  userId: number;
  username: string;
}

export const actorOf = (p: Principal): Actor => ({ userId: p.userId, username: p.username });

export function canWriteLayer(p: Principal | undefined, layerId: string): boolean {
  if (!p) return false;
  return p.role === 'admin' || (p.role === 'editor' && p.layers.includes(layerId));
}

/** The layers the UI may offer for editing. */
export function editableLayers(p: Principal | undefined): string[] {
  if (!p) return [];
  if (p.role === 'admin') return LAYERS.map((l) => l.id);
  if (p.role === 'editor') return LAYERS.map((l) => l.id).filter((id) => p.layers.includes(id));
  return [];
}

/**
 * Who is signed in: asks the server once on start (GET /api/auth/me), then follows sign-in and
 * sign-out. `canEdit(layer)` is what the UI uses to offer editing (the server checks again).
 */
import { useCallback, useEffect, useState } from 'react';
import { fetchMe, login as apiLogin, logout as apiLogout, type MeUser } from '../api/auth.ts';

export type SessionState = { status: 'loading' } | { status: 'ready'; user: MeUser | null; via: 'session' | 'token' | null };

export interface Session {
  state: SessionState;
  user: MeUser | null;
  login(username: string, password: string): Promise<MeUser>;
  logout(): Promise<void>;
  canEdit(layerId: string): boolean;
  isAdmin: boolean;
}

export function useSession(): Session {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  useEffect(() => {
    const ac = new AbortController();
    fetchMe(ac.signal).then(
      (me) => setState({ status: 'ready', user: me.user, via: me.via }),
      () => !ac.signal.aborted && setState({ status: 'ready', user: null, via: null }),
    );
    return () => ac.abort();
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const user = await apiLogin(username, password);
    setState({ status: 'ready', user, via: 'session' });
    return user;
  }, []);
  const logout = useCallback(async () => {
    await apiLogout();
    setState({ status: 'ready', user: null, via: null });
  }, []);

  const user = state.status === 'ready' ? state.user : null;
  const canEdit = useCallback((layerId: string) => !!user?.editableLayers.includes(layerId), [user]);
  return { state, user, login, logout, canEdit, isAdmin: user?.role === 'admin' };
}

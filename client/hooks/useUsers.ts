/** The admins' account list with create and change (each answer replaces the row), and one's own password change. */
import { useCallback } from 'react';
import { changeOwnPassword, createUser, fetchUsers, updateUser, type NewUser, type User, type UserChange } from '../api/users.ts';
import { useRefreshable } from './useRefreshable.ts';

export type { NewUser, Role, User, UserChange } from '../api/users.ts';
export { changeOwnPassword };

export function useUsers() {
  const list = useRefreshable((signal) => fetchUsers(signal), 'users', true);
  const { refresh } = list;
  const create = useCallback(
    async (u: NewUser): Promise<User> => {
      const user = await createUser(u);
      refresh();
      return user;
    },
    [refresh],
  );
  const change = useCallback(
    async (id: number, c: UserChange): Promise<User> => {
      const user = await updateUser(id, c);
      refresh();
      return user;
    },
    [refresh],
  );
  return { users: list.data, error: list.error, loading: list.loading, create, change };
}

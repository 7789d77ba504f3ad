/** One account in the admins' list: role, layers (editors), disabled, display name; a password reset. */
import { useEffect, useState } from 'react';
import type { LayerInfo } from '../../api/types.ts';
import { errorText } from '../../hooks/errorText.ts';
import type { Role, User, UserChange } from '../../hooks/useUsers.ts';
import { useI18n } from '../../i18n/index.tsx';

interface Props {
  user: User;
  layers: readonly LayerInfo[];
  change: (id: number, c: UserChange) => Promise<User>;
}

export const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function UserRow({ user, layers, change }: Props) {
  const { t, pick } = useI18n();
  const [role, setRole] = useState<Role>(user.role);
  const [displayName, setDisplayName] = useState(user.displayName);
  const [chosen, setChosen] = useState<string[]>(user.layers);
  const [disabled, setDisabled] = useState(user.disabled);
  const [password, setPassword] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // the saved account (the list reloads after a change) is the new starting point
  useEffect(() => {
    setRole(user.role);
    setDisplayName(user.displayName);
    setChosen(user.layers);
    setDisabled(user.disabled);
  }, [user]);
  const diff: UserChange = {
    ...(role !== user.role ? { role } : {}),
    ...(displayName !== user.displayName ? { displayName } : {}),
    ...(!same(chosen, user.layers) ? { layers: chosen } : {}),
    ...(disabled !== user.disabled ? { disabled } : {}),
  };
  const dirty = Object.keys(diff).length > 0;

  const run = async (c: UserChange, done: string) => {
    setMessage(null);
    try {
      await change(user.id, c); // the list reloads: this row is remade from the answer
      setMessage({ ok: true, text: done });
      setPassword(null);
    } catch (err) {
      setMessage({ ok: false, text: pick(errorText(err)) });
    }
  };

  return (
    <tr data-testid="user-row" data-username={user.username} className={user.disabled ? 'is-disabled' : ''}>
      <th scope="row">{user.username}</th>
      <td>
        <input aria-label={t('users.displayName')} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </td>
      <td>
        <select aria-label={t('users.role')} value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="user-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`account.role.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        {role === 'editor' ? (
          <details className="user-layers">
            <summary data-testid="user-layers">{t('users.layerCount', { n: chosen.length })}</summary>
            {layers.map((l) => (
              <label key={l.id} className="check-option">
                <input
                  type="checkbox"
                  checked={chosen.includes(l.id)}
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, l.id] : c.filter((x) => x !== l.id)))}
                  data-testid={`user-layer-${l.id}`}
                />
                {pick(l.title)}
              </label>
            ))}
          </details>
        ) : (
          <span className="muted">{t(role === 'admin' ? 'users.allLayers' : 'users.noLayers')}</span>
        )}
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={t('users.disabled')}
          checked={disabled}
          onChange={(e) => setDisabled(e.target.checked)}
          data-testid="user-disabled"
        />
      </td>
      <td className="user-actions">
        <button
          type="button"
          className="button button--small button--primary"
          disabled={!dirty}
          onClick={() => void run(diff, t('users.saved'))}
          data-testid="user-save"
        >
          {t('users.save')}
        </button>
        {password === null ? (
          <button type="button" className="button button--small" onClick={() => setPassword('')} data-testid="user-reset">
            {t('users.resetPassword')}
          </button>
        ) : (
          <span className="user-reset">
            <input
              type="password"
              autoComplete="new-password"
              aria-label={t('users.newPassword')}
              placeholder={t('users.newPassword')}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="user-reset-password"
            />
            <button
              type="button"
              className="button button--small"
              onClick={() => void run({ password }, t('users.passwordReset'))}
              data-testid="user-reset-confirm"
            >
              {t('users.confirmReset')}
            </button>
          </span>
        )}
        {message && (
          <p className={message.ok ? 'account-ok' : 'field__error'} role={message.ok ? 'status' : 'alert'} data-testid="user-message">
            {message.text}
          </p>
        )}
      </td>
    </tr>
  );
}

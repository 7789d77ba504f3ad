/**
 * Account administration for admins (账户管理): every account with its role, the layers an editor
 * may write, disabled or not; a new account; a password reset. Each change is one PATCH whose
 * answer replaces the row; the server's refusals (the last admin, a taken name, a short password)
 * are shown on the row in its own words.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../../hooks/errorText.ts';
import { useCatalogue } from '../../hooks/useCatalogue.ts';
import { useUsers, type Role } from '../../hooks/useUsers.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CloseButton } from '../CloseButton/CloseButton.tsx';
import { ModalBackdrop } from '../Modal/ModalBackdrop.tsx';
import { ROLES, UserRow } from './UserRow.tsx';
import './Account.css';

export function UsersPanel({ onClose }: { onClose: () => void }) {
  const { t, pick } = useI18n();
  const id = useId();
  const users = useUsers();
  const cat = useCatalogue();
  const layers = cat.status === 'ok' ? cat.data.catalogue.layers : [];
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);

  return (
    <ModalBackdrop className="account-backdrop" onClose={onClose}>
      <section className="account-dialog account-dialog--wide" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} data-testid="users-panel">
        <header className="account-dialog__head">
          <h2 id={`${id}-title`} ref={titleRef} tabIndex={-1}>
            {t('users.title')}
          </h2>
          <CloseButton label={t('users.close')} onClick={onClose} testId="users-close" />
        </header>
        <div className="account-dialog__body">
          <NewUserForm create={users.create} />
          {users.error !== null && (
            <p className="field__error" role="alert">
              {pick(errorText(users.error))}
            </p>
          )}
          <table className="users-table" aria-busy={users.loading}>
            <thead>
              <tr>
                <th>{t('account.username')}</th>
                <th>{t('users.displayName')}</th>
                <th>{t('users.role')}</th>
                <th>{t('users.layers')}</th>
                <th>{t('users.disabled')}</th>
                <th>{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(users.users ?? []).map((u) => (
                <UserRow key={u.id} user={u} layers={layers} change={users.change} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </ModalBackdrop>
  );
}

function NewUserForm({ create }: { create: ReturnType<typeof useUsers>['create'] }) {
  const { t, pick } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState({ username: '', displayName: '', role: 'viewer' as Role, password: '' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      const u = await create({ ...draft, ...(draft.displayName ? {} : { displayName: undefined }) });
      setMessage({ ok: true, text: t('users.created', { name: u.username }) });
      setDraft({ username: '', displayName: '', role: 'viewer', password: '' });
    } catch (err) {
      setMessage({ ok: false, text: pick(errorText(err)) });
    }
  };
  const field = (k: 'username' | 'displayName' | 'password', label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`${id}-${k}`}>{label}</label>
      <input
        id={`${id}-${k}`}
        type={type}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        value={draft[k]}
        onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
        data-testid={`new-user-${k}`}
      />
    </div>
  );
  return (
    <form className="new-user" onSubmit={(e) => void submit(e)} data-testid="new-user-form">
      <h3>{t('users.new')}</h3>
      <div className="new-user__fields">
        {field('username', t('account.username'))}
        {field('displayName', t('users.displayName'))}
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('users.role')}</label>
          <select id={`${id}-role`} value={draft.role} onChange={(e) => setDraft((d) => ({ ...d, role: e.target.value as Role }))} data-testid="new-user-role">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`account.role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {field('password', t('users.initialPassword'), 'password')}
      </div>
      <p className="field__help">{t('users.passwordRule')}</p>
      <button type="submit" className="button button--primary" data-testid="new-user-submit">
        {t('users.create')}
      </button>
      {message && (
        <p className={message.ok ? 'account-ok' : 'field__error'} role={message.ok ? 'status' : 'alert'} data-testid="new-user-message">
          {message.text}
        </p>
      )}
    </form>
  );
}

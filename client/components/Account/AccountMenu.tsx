/**
 * The header's account corner: "Sign in" opens a small form (user name, password; the server's own
 * words on failure, rate limiting included); once signed in it shows who and in which role, the
 * audit log and account management for admins, "change my password", and sign-out.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../../hooks/errorText.ts';
import type { Session } from '../../hooks/useSession.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { ChangePasswordDialog } from './ChangePasswordDialog.tsx';
import { UsersPanel } from './UsersPanel.tsx';
import './Account.css';

interface Props {
  session: Session;
  onOpenAudit: () => void;
}

const ROLE_KEY: Record<string, MessageKey> = { admin: 'account.role.admin', editor: 'account.role.editor', viewer: 'account.role.viewer' };

export function AccountMenu({ session, onOpenAudit }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<'users' | 'password' | null>(null);
  const user = session.user;
  if (session.state.status === 'loading') return null;
  if (!user)
    return (
      <div className="account">
        <button
          type="button"
          className="account__signin"
          aria-expanded={open}
          aria-haspopup="dialog"
          onClick={() => setOpen((v) => !v)}
          data-testid="signin-open"
        >
          {t('account.signIn')}
        </button>
        {open && <LoginForm session={session} onClose={() => setOpen(false)} />}
      </div>
    );
  return (
    <div className="account account--in" data-testid="account">
      <span className="account__who">
        <span className="account__name" data-testid="account-name">
          {user.displayName || user.username}
        </span>
        <span className={`account__role account__role--${user.role}`} data-testid="account-role">
          {t(ROLE_KEY[user.role] ?? 'account.role.viewer')}
        </span>
      </span>
      {session.isAdmin && (
        <button type="button" className="account__action" onClick={onOpenAudit} data-testid="audit-open">
          {t('audit.open')}
        </button>
      )}
      {session.isAdmin && (
        <button type="button" className="account__action" onClick={() => setDialog('users')} data-testid="users-open">
          {t('users.open')}
        </button>
      )}
      <button type="button" className="account__action" onClick={() => setDialog('password')} data-testid="password-open">
        {t('password.open')}
      </button>
      {dialog === 'users' && session.isAdmin && <UsersPanel onClose={() => setDialog(null)} />}
      {dialog === 'password' && <ChangePasswordDialog onClose={() => setDialog(null)} />}
      {session.state.status === 'ready' && session.state.via === 'session' && (
        <button type="button" className="account__action" onClick={() => void session.logout()} data-testid="signout">
          {t('account.signOut')}
        </button>
      )}
    </div>
  );
}

function LoginForm({ session, onClose }: { session: Session; onClose: () => void }) {
  const { t, pick } = useI18n();
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const userRef = useRef<HTMLInputElement>(null);
  useEffect(() => userRef.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username || !password) {
      setError(t('account.missing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await session.login(username, password);
      onClose();
    } catch (err) {
      setError(pick(errorText(err)));
      setBusy(false);
    }
  };

  return (
    <form
      className="login-form"
      role="dialog"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
      data-testid="login-form"
    >
      <h2 id={`${id}-title`} className="login-form__title">
        {t('account.signInTitle')}
      </h2>
      <div className="field">
        <label htmlFor={`${id}-user`}>{t('account.username')}</label>
        <input
          ref={userRef}
          id={`${id}-user`}
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          data-testid="login-username"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-pass`}>{t('account.password')}</label>
        <input
          id={`${id}-pass`}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="login-password"
        />
      </div>
      {error && (
        <p className="field__error" role="alert" data-testid="login-error">
          {error}
        </p>
      )}
      <div className="login-form__actions">
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('edit.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="login-submit">
          {busy ? t('account.signingIn') : t('account.signIn')}
        </button>
      </div>
    </form>
  );
}

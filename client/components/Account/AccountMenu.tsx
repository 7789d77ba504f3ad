/**
 * The header's account corner: "Sign in" opens a small form (user name, password; the server's own
 * words on failure, rate limiting included); once signed in it shows who and in which role, the
 * audit log and account management for admins, "change my password", and sign-out.
 */
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
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
  const act = (fn: () => void) => () => {
    setOpen(false);
    fn();
  };
  return (
    <div className="account account--in" data-testid="account">
      {/* one button for who is signed in; the actions in its menu, so the header fits a phone */}
      <button
        type="button"
        className="account__who account__action"
        aria-expanded={open}
        aria-haspopup="menu"
        onClick={() => setOpen((v) => !v)}
        data-testid="account-menu"
      >
        <span className="account__name" data-testid="account-name">
          {user.displayName || user.username}
        </span>
        <span className={`account__role account__role--${user.role}`} data-testid="account-role">
          {t(ROLE_KEY[user.role] ?? 'account.role.viewer')}
        </span>
      </button>
      {open && (
        <AccountActions onClose={() => setOpen(false)}>
          {session.isAdmin && (
            <button type="button" role="menuitem" className="account-menu__item" onClick={act(onOpenAudit)} data-testid="audit-open">
              {t('audit.open')}
            </button>
          )}
          {session.isAdmin && (
            <button type="button" role="menuitem" className="account-menu__item" onClick={act(() => setDialog('users'))} data-testid="users-open">
              {t('users.open')}
            </button>
          )}
          <button type="button" role="menuitem" className="account-menu__item" onClick={act(() => setDialog('password'))} data-testid="password-open">
            {t('password.open')}
          </button>
          {session.state.status === 'ready' && session.state.via === 'session' && (
            <button type="button" role="menuitem" className="account-menu__item" onClick={act(() => void session.logout())} data-testid="signout">
              {t('account.signOut')}
            </button>
          )}
        </AccountActions>
      )}
      {dialog === 'users' && session.isAdmin && <UsersPanel onClose={() => setDialog(null)} />}
      {dialog === 'password' && <ChangePasswordDialog onClose={() => setDialog(null)} />}
    </div>
  );
}

/** The account's menu: closes on Escape and on a click anywhere outside it. */
function AccountActions({ onClose, children }: { onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const outside = (e: PointerEvent) => {
      if (!ref.current?.parentElement?.contains(e.target as Node)) onClose();
    };
    const onEscape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', onEscape);
    };
  }, [onClose]);
  return (
    <div ref={ref} className="account-menu" role="menu" data-testid="account-actions">
      {children}
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

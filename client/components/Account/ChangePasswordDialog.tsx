/** "Change my password" (修改密码): the current one, the new one twice; this browser stays signed in, other sessions end. */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../../hooks/errorText.ts';
import { changeOwnPassword } from '../../hooks/useUsers.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CloseButton } from '../CloseButton/CloseButton.tsx';
import { ModalBackdrop } from '../Modal/ModalBackdrop.tsx';
import './Account.css';

const MIN = 10;

export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const { t, pick } = useI18n();
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);
  useEffect(() => firstRef.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next.length < MIN) return setError(t('password.tooShort', { n: MIN }));
    if (next !== again) return setError(t('password.mismatch'));
    setBusy(true);
    setError(null);
    try {
      await changeOwnPassword(current, next);
      setDone(true);
    } catch (err) {
      setError(pick(errorText(err)));
    } finally {
      setBusy(false);
    }
  };
  const input = (label: string, value: string, set: (v: string) => void, key: string, autoComplete: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        ref={key === 'current' ? firstRef : undefined}
        id={`${id}-${key}`}
        type="password"
        autoComplete={autoComplete}
        value={value}
        onChange={(e) => set(e.target.value)}
        data-testid={`password-${key}`}
      />
    </div>
  );

  return (
    <ModalBackdrop className="account-backdrop" onClose={onClose}>
      <form
        className="account-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => void submit(e)}
        data-testid="password-dialog"
      >
        <header className="account-dialog__head">
          <h2 id={`${id}-title`}>{t('password.title')}</h2>
          <CloseButton label={t('users.close')} onClick={onClose} />
        </header>
        <div className="account-dialog__body">
          {done ? (
            <p className="account-ok" role="status" data-testid="password-done">
              {t('password.done')}
            </p>
          ) : (
            <>
              {input(t('password.current'), current, setCurrent, 'current', 'current-password')}
              {input(t('password.new'), next, setNext, 'new', 'new-password')}
              {input(t('password.again'), again, setAgain, 'again', 'new-password')}
              <p className="field__help">{t('password.note', { n: MIN })}</p>
              {error && (
                <p className="field__error" role="alert" data-testid="password-error">
                  {error}
                </p>
              )}
            </>
          )}
        </div>
        <footer className="account-dialog__foot">
          <button type="button" className="button" onClick={onClose}>
            {t(done ? 'users.close' : 'edit.cancel')}
          </button>
          {!done && (
            <button type="submit" className="button button--primary" disabled={busy} data-testid="password-submit">
              {t('password.submit')}
            </button>
          )}
        </footer>
      </form>
    </ModalBackdrop>
  );
}

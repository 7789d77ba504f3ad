/**
 * The inspector's "history" section: every version of the feature — who, when, what kind of change,
 * which fields — and "restore this version" for those who may edit the layer.
 */
import { useState } from 'react';
import type { Versioned } from '../../api/features.ts';
import type { Change } from '../../api/history.ts';
import type { LayerInfo } from '../../api/types.ts';
import { errorText } from '../../hooks/errorText.ts';
import { useFeatureHistory } from '../../hooks/useFeatureHistory.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { changedFields } from '../../lib/attributeForm.ts';
import './History.css';

interface Props {
  layer: LayerInfo;
  featureId: number;
  /** Changes when the feature changed elsewhere (a save): the list is read again. */
  refreshKey: unknown;
  signedIn: boolean;
  canRestore: boolean;
  onRestored: (saved: Versioned) => void;
}

export const KIND_KEY: Record<string, MessageKey> = {
  create: 'history.kind.create',
  update: 'history.kind.update',
  delete: 'history.kind.delete',
  restore: 'history.kind.restore',
  import: 'history.kind.import',
  undo: 'history.kind.undo',
};

export function useWhen() {
  const { locale } = useI18n();
  return (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}

export function FeatureHistorySection({ layer, featureId, refreshKey, signedIn, canRestore, onRestored }: Props) {
  const { t, pick } = useI18n();
  const when = useWhen();
  const { state, restore } = useFeatureHistory(layer.id, featureId, refreshKey, signedIn);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const labelOf = (key: string) =>
    key === 'name' ? t('edit.name') : key === 'geometry' ? t('edit.shape') : pick(layer.attributes.find((a) => a.key === key)?.label) || key;

  const doRestore = async (version: number) => {
    setBusy(version);
    setError(null);
    try {
      onRestored(await restore(version));
    } catch (err) {
      setError(pick(errorText(err)));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="inspector__section history" data-testid="history">
      <h3>{t('history.title')}</h3>
      {!signedIn && <p className="muted">{t('history.signIn')}</p>}
      {signedIn && state.status === 'loading' && <p className="muted">{t('history.loading')}</p>}
      {signedIn && state.status === 'error' && <p className="muted">{t('error.generic')}</p>}
      {state.status === 'ok' && state.data && (
        <ol className="history__list" data-testid="history-list">
          {state.data.entries.map((e: Change) => {
            const fields = e.action === 'update' ? changedFields(e.before, e.after) : [];
            const current = e.versionAfter === state.data!.state.version;
            return (
              <li key={`${e.eventId}-${e.versionAfter}`} className={`history__item${current ? ' is-current' : ''}`} data-testid={`history-v${e.versionAfter}`}>
                <div className="history__head">
                  <span className="history__version">{t('history.version', { n: e.versionAfter })}</span>
                  <span className={`history__kind history__kind--${e.action}`}>{t(KIND_KEY[e.kind] ?? 'history.kind.update')}</span>
                  {current && <span className="history__current">{t('history.current')}</span>}
                </div>
                <p className="history__meta">{t('history.by', { user: e.user.username, when: when(e.at) })}</p>
                {fields.length > 0 && <p className="history__fields">{t('history.changed', { fields: fields.map(labelOf).join(t('history.sep')) })}</p>}
                {e.undoneBy !== null && <p className="history__fields">{t('history.undone')}</p>}
                {canRestore && !current && e.after && (
                  <button
                    type="button"
                    className="link-button"
                    disabled={busy !== null}
                    onClick={() => void doRestore(e.versionAfter)}
                    data-testid={`history-restore-v${e.versionAfter}`}
                  >
                    {busy === e.versionAfter ? t('history.restoring') : t('history.restore')}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

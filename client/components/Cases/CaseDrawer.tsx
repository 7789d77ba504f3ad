/** One case: its facts, the rules' verdict, the allowed next steps, the history, comments and evidence upload. */
import { useState } from 'react';
import type { CaseStatus } from '../../api/cases.ts';
import type { Rule } from '../../api/violations.ts';
import type { CaseActions } from '../../hooks/useCases.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { LngLat } from '../../map/index.ts';
import { CloseButton } from '../CloseButton/CloseButton.tsx';
import { StreetsDemoTag } from '../DemoBadge/StreetsDemo.tsx';

interface Props {
  actions: CaseActions;
  isAdmin: boolean;
  rules: readonly Rule[];
  onClose: () => void;
  onLocate: (at: LngLat) => void;
}

export function CaseDrawer({ actions, isAdmin, rules, onClose, onLocate }: Props) {
  const { t, pick, article, num } = useI18n();
  const [note, setNote] = useState('');
  const [comment, setComment] = useState('');
  const [fields, setFields] = useState<{ unit?: string; assignee?: string; deadline?: string }>({});
  const { state, busy, error, progress } = actions;
  if (state.status === 'loading') return <p className="muted pad">{t('app.loading')}</p>;
  if (state.status === 'error')
    return (
      <div className="error-box pad" role="alert">
        {pick(state.error)} <CloseButton label={t('cases.close')} onClick={onClose} />
      </div>
    );
  const c = state.data;
  const rule = rules.find((r) => r.id === c.rule);
  const stillDetected = c.detected === true;
  const step = (to: CaseStatus) => {
    const override = to === 'closed' && stillDetected && isAdmin;
    void actions
      .move({ to, ...(note.trim() ? { note: note.trim() } : {}), ...(override ? { override } : {}), ...(to === 'assigned' ? fields : {}) })
      .then(() => setNote(''));
  };
  const label = (s: CaseStatus | null) => (s ? t(`cases.status.${s}`) : t('cases.opened'));
  return (
    <div className="case-drawer" data-testid="case-drawer" data-status={c.status} aria-busy={busy}>
      <div className="case-drawer__head">
        <h2>{t('cases.case', { id: c.id })}</h2>
        <CloseButton label={t('cases.close')} onClick={onClose} testId="case-close" />
      </div>
      <p className="case-drawer__title">
        <button type="button" className="link-button" onClick={() => onLocate({ lng: c.lng, lat: c.lat })}>
          {c.title}
        </button>
      </p>
      <p>
        <strong data-testid="case-status">{label(c.status)}</strong>
        {c.overdue && <span className="case-flag case-flag--overdue"> {t('cases.overdue')}</span>}
        {c.readyForReview && (
          <span className="case-flag case-flag--ready" data-testid="case-ready">
            {' '}
            {t('cases.ready')}
          </span>
        )}
        {stillDetected && <span className="case-flag"> {c.detectedOutcome === 'unverified' ? t('cases.unverified') : t('cases.stillDetected')}</span>}
      </p>
      <dl className="case-facts">
        {rule && (
          <>
            <dt>{t('cases.field.rule')}</dt>
            <dd>
              {article(rule.article)} · {pick(rule.title)}
            </dd>
          </>
        )}
        <dt>{t('cases.field.street')}</dt>
        <dd>
          {c.streetName ?? '—'}
          {c.streetName && <StreetsDemoTag />}
        </dd>
        <dt>{t('cases.field.unit')}</dt>
        <dd>{c.unit || '—'}</dd>
        <dt>{t('cases.field.assignee')}</dt>
        <dd>{c.assignee || '—'}</dd>
        <dt>{t('cases.field.deadline')}</dt>
        <dd>{c.deadline}</dd>
      </dl>

      {c.allowed.length > 0 && (
        <fieldset className="case-next" data-testid="case-next">
          <legend>{t('cases.next')}</legend>
          {c.allowed.includes('assigned') && (
            <div className="case-next__fields">
              <input
                placeholder={t('cases.field.unit')}
                value={fields.unit ?? ''}
                onChange={(e) => setFields({ ...fields, unit: e.target.value })}
                data-testid="case-unit"
              />
              <input
                placeholder={t('cases.field.assignee')}
                value={fields.assignee ?? ''}
                onChange={(e) => setFields({ ...fields, assignee: e.target.value })}
                data-testid="case-assignee"
              />
              <input
                type="date"
                aria-label={t('cases.field.deadline')}
                value={fields.deadline ?? c.deadline}
                onChange={(e) => setFields({ ...fields, deadline: e.target.value })}
              />
            </div>
          )}
          <textarea placeholder={t('cases.field.note')} value={note} onChange={(e) => setNote(e.target.value)} rows={2} data-testid="case-note" />
          {c.allowed.includes('closed') && stillDetected && <p className="muted">{t('cases.override')}</p>}
          <div className="case-next__buttons">
            {c.allowed.map((s) => (
              <button key={s} type="button" className="button" disabled={busy} onClick={() => step(s)} data-testid={`case-to-${s}`}>
                {t('cases.to', { status: label(s) })}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {error && (
        <p className="error-box" role="alert" data-testid="case-error">
          {pick(error)}
        </p>
      )}

      <h3 className="analysis__h">{t('cases.timeline')}</h3>
      <ol className="case-timeline" data-testid="case-timeline">
        {c.transitions.map((x) => (
          <li key={x.id} data-to={x.to}>
            <time>{new Date(x.at).toLocaleString()}</time> {x.system ? t('cases.system') : x.by}: {x.from ? `${label(x.from)} → ` : ''}
            {label(x.to)}
            {x.override ? ' ⚠' : ''}
            {x.note && <div className="case-timeline__note">{x.note}</div>}
          </li>
        ))}
      </ol>

      <h3 className="analysis__h">{t('cases.evidence')}</h3>
      <ul className="case-evidence" data-testid="case-evidence">
        {c.attachments.map((a) => (
          <li key={a.id}>
            <a href={a.href} target="_blank" rel="noopener noreferrer">
              {a.filename}
            </a>{' '}
            <span className="muted">
              {a.by} · {num(Math.round(a.size / 1024))} KB
              {a.lng !== null && a.lat !== null && ` · ${t('cases.evidence.gps', { lng: a.lng.toFixed(5), lat: a.lat.toFixed(5) })}`}
            </span>
          </li>
        ))}
      </ul>
      {c.allowed.length > 0 || isAdmin ? (
        <label className="field">
          <span>{t('cases.evidence.upload')}</span>
          <input
            type="file"
            accept="image/jpeg,image/png,image/webp,application/pdf"
            disabled={busy}
            onChange={(e) => e.target.files?.[0] && void actions.upload(e.target.files[0])}
            data-testid="case-upload"
          />
        </label>
      ) : null}
      {progress !== null && (
        <progress
          value={progress}
          max={1}
          aria-label={t('cases.evidence.progress', { pct: `${Math.round(progress * 100)}%` })}
          data-testid="case-upload-progress"
        />
      )}

      <h3 className="analysis__h">{t('cases.comments')}</h3>
      <ul className="case-comments" data-testid="case-comments">
        {c.comments.map((m) => (
          <li key={m.id}>
            <strong>{m.by}</strong> <time className="muted">{new Date(m.at).toLocaleString()}</time>
            <div>{m.body}</div>
          </li>
        ))}
      </ul>
      {c.allowed.length > 0 && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (comment.trim()) void actions.comment(comment.trim()).then((ok) => ok && setComment(''));
          }}
        >
          <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} data-testid="case-comment" />
          <button type="submit" className="button" disabled={busy || !comment.trim()} data-testid="case-comment-add">
            {t('cases.comment.add')}
          </button>
        </form>
      )}
    </div>
  );
}

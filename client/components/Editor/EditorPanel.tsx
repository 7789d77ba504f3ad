/**
 * The editing panel (in the inspector's place while a feature is being drawn or edited): how to
 * draw, undo, start over, delete (with a confirmation), the attribute form generated from the
 * layer's attribute definitions, Save, and the conflict view after a 412.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { AttributeDef } from '../../api/types.ts';
import type { Editor, EditorState } from '../../hooks/useEditor.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { toFormValues } from '../../lib/attributeForm.ts';
import { CloseButton } from '../CloseButton/CloseButton.tsx';
import './Editor.css';

const PROBLEM_KEY: Record<string, MessageKey> = {
  required: 'edit.problem.required',
  number: 'edit.problem.number',
  integer: 'edit.problem.integer',
  min: 'edit.problem.min',
  date: 'edit.problem.date',
  enum: 'edit.problem.enum',
};

export function EditorPanel({ editor, state }: { editor: Editor; state: EditorState }) {
  const { t, pick } = useI18n();
  const id = useId();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const headRef = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the triggers: focus goes to the heading each time another feature is opened for editing
  useEffect(() => headRef.current?.focus({ preventScroll: true }), [state.featureId, state.layer.id]);
  const { layer } = state;
  const isNew = state.featureId === null;
  const geometry = state.stack[state.stack.length - 1] ?? null;
  const busy = state.phase === 'saving' || state.phase === 'loading';
  const hint = !state.reshapable
    ? t('edit.hint.attributesOnly')
    : !geometry
      ? t(layer.geometryType === 'Point' ? 'edit.hint.drawPoint' : 'edit.hint.drawPolygon')
      : t(layer.geometryType === 'Point' ? 'edit.hint.movePoint' : 'edit.hint.reshape');

  return (
    <aside className="floating-panel inspector editor" aria-labelledby={`${id}-title`} data-testid="editor" data-phase={state.phase}>
      <header className="inspector__head" style={{ borderTopColor: layer.color }}>
        <div>
          <p className="inspector__layer">
            <span className="inspector__dot" style={{ background: layer.color }} aria-hidden="true" />
            {pick(layer.title)}
          </p>
          <h2 id={`${id}-title`} ref={headRef} tabIndex={-1} className="inspector__title">
            {isNew ? t('edit.newTitle') : t('edit.editTitle', { id: state.featureId ?? '' })}
          </h2>
        </div>
        <CloseButton label={t('edit.cancel')} onClick={editor.cancel} testId="editor-cancel-x" />
      </header>

      <div className="inspector__body">
        {state.phase === 'conflict' && state.conflict ? (
          <ConflictView editor={editor} state={state} />
        ) : (
          <>
            <section className="inspector__section">
              <h3>{t('edit.shape')}</h3>
              <p className="editor__hint" role="status" data-testid="editor-hint">
                {hint}
              </p>
              {state.reshapable && layer.geometryType === 'Polygon' && <p className="field__help">{t('edit.snapHelp')}</p>}
              <div className="editor__tools">
                <button type="button" className="button" onClick={editor.undo} disabled={state.stack.length < 2 || busy} data-testid="editor-undo">
                  {t('edit.undo')}
                </button>
                {isNew && (
                  <button type="button" className="button button--quiet" onClick={editor.redraw} disabled={!geometry || busy} data-testid="editor-redraw">
                    {t('edit.redraw')}
                  </button>
                )}
                {!isNew && !confirmDelete && (
                  <button
                    type="button"
                    className="button button--danger"
                    onClick={() => setConfirmDelete(true)}
                    disabled={busy || !state.etag}
                    data-testid="editor-delete"
                  >
                    {t('edit.delete')}
                  </button>
                )}
              </div>
              {confirmDelete && (
                <div className="editor__confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
                  <p id={`${id}-confirm`}>{t('edit.deleteConfirm')}</p>
                  <div className="editor__tools">
                    <button type="button" className="button button--danger" onClick={() => void editor.remove()} data-testid="editor-delete-confirm">
                      {t('edit.deleteYes')}
                    </button>
                    <button type="button" className="button button--quiet" onClick={() => setConfirmDelete(false)}>
                      {t('edit.cancel')}
                    </button>
                  </div>
                </div>
              )}
            </section>

            <form
              className="inspector__section editor__form"
              onSubmit={(e) => {
                e.preventDefault();
                void editor.save();
              }}
              aria-labelledby={`${id}-attrs`}
              data-testid="editor-form"
            >
              <h3 id={`${id}-attrs`}>{t('inspector.attributes')}</h3>
              <TextField
                id={`${id}-name`}
                label={t('edit.name')}
                value={state.values.name ?? ''}
                onChange={(v) => editor.setValue('name', v)}
                testId="editor-field-name"
              />
              {layer.attributes.map((def) => (
                <AttrField
                  key={def.key}
                  idBase={id}
                  def={def}
                  value={state.values[def.key] ?? ''}
                  problem={state.problems[def.key]}
                  onChange={(v) => editor.setValue(def.key, v)}
                />
              ))}
              {state.error && (
                <p className="field__error" role="alert" data-testid="editor-error">
                  {pick(state.error)}
                </p>
              )}
              <div className="editor__actions">
                <button type="button" className="button button--quiet" onClick={editor.cancel} data-testid="editor-cancel">
                  {t('edit.cancel')}
                </button>
                <button type="submit" className="button button--primary" disabled={busy} data-testid="editor-save">
                  {state.phase === 'saving' ? t('edit.saving') : t('edit.save')}
                </button>
              </div>
            </form>
          </>
        )}
      </div>
    </aside>
  );
}

function TextField({
  id,
  label,
  value,
  onChange,
  testId,
  required,
  problem,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  testId: string;
  required?: boolean;
  problem?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required && <span className="editor__required"> *</span>}
      </label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${id}-err` : undefined}
        required={required}
        data-testid={testId}
      />
      {problem && (
        <span id={`${id}-err`} className="field__error">
          {problem}
        </span>
      )}
    </div>
  );
}

function AttrField({
  idBase,
  def,
  value,
  problem,
  onChange,
}: {
  idBase: string;
  def: AttributeDef;
  value: string;
  problem: string | undefined;
  onChange: (v: string) => void;
}) {
  const { t, pick } = useI18n();
  const id = `${idBase}-f-${def.key}`;
  const problemText = problem ? t(PROBLEM_KEY[problem] ?? 'edit.problem.required', { min: 'min' in def ? (def.min ?? 0) : 0 }) : undefined;
  const label = pick(def.label) + ('unit' in def && def.unit ? ` (${def.unit})` : '');
  const testId = `editor-field-${def.key}`;
  const common = {
    id,
    'aria-invalid': problemText ? ('true' as const) : undefined,
    'aria-describedby': problemText ? `${id}-err` : undefined,
    'aria-required': def.required ? ('true' as const) : undefined,
    'data-testid': testId,
  };
  let input: ReactNode;
  switch (def.type) {
    case 'enum':
      input = (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('inspector.empty')}</option>
          {def.options.map((o) => (
            <option key={o.value} value={o.value}>
              {pick(o.label)}
            </option>
          ))}
        </select>
      );
      break;
    case 'boolean':
      input = (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('inspector.empty')}</option>
          <option value="true">{t('value.yes')}</option>
          <option value="false">{t('value.no')}</option>
        </select>
      );
      break;
    case 'date':
      input = <input {...common} type="date" value={value} onChange={(e) => onChange(e.target.value)} />;
      break;
    case 'number':
    case 'integer':
      input = <input {...common} inputMode={def.type === 'integer' ? 'numeric' : 'decimal'} value={value} onChange={(e) => onChange(e.target.value)} />;
      break;
    default:
      input = <input {...common} value={value} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {def.required && <span className="editor__required"> *</span>}
      </label>
      {input}
      {def.help && <span className="field__help">{pick(def.help)}</span>}
      {problemText && (
        <span id={`${id}-err`} className="field__error">
          {problemText}
        </span>
      )}
    </div>
  );
}

/** The other person's version next to mine: which fields differ, and the two ways out. */
function ConflictView({ editor, state }: { editor: Editor; state: EditorState }) {
  const { t, pick } = useI18n();
  const c = state.conflict!;
  const theirs = c.current;
  const theirValues = theirs ? toFormValues(state.layer.attributes, theirs.properties) : null;
  const mine = state.stack[state.stack.length - 1];
  const differs = theirValues
    ? [
        ...Object.keys(theirValues).filter((k) => (theirValues[k] ?? '') !== (state.values[k] ?? '')),
        ...(mine && JSON.stringify(mine) !== JSON.stringify(theirs?.geometry) ? ['geometry'] : []),
      ]
    : [];
  const labelOf = (key: string) =>
    key === 'name' ? t('edit.name') : key === 'geometry' ? t('edit.shape') : pick(state.layer.attributes.find((a) => a.key === key)?.label) || key;
  return (
    <section className="inspector__section editor__conflict" role="alert" data-testid="editor-conflict">
      <h3>{t('edit.conflictTitle')}</h3>
      <p>{c.deleted ? t('edit.conflictDeleted') : t('edit.conflictText', { version: c.currentVersion ?? '?' })}</p>
      {theirs && theirValues && (
        <>
          <p className="field__help">{t('edit.conflictOutline')}</p>
          <dl className="attr-table" data-testid="editor-conflict-theirs">
            {[{ key: 'name' }, ...state.layer.attributes].map((a) => (
              <div key={a.key} className={`attr-table__row${differs.includes(a.key) ? ' is-changed' : ''}`}>
                <dt>{labelOf(a.key)}</dt>
                <dd>
                  {theirValues[a.key] || t('inspector.empty')}
                  {differs.includes(a.key) && (
                    <span className="editor__mine"> {t('edit.conflictMine', { value: state.values[a.key] || t('inspector.empty') })}</span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <div className="editor__tools">
        <button type="button" className="button" onClick={editor.takeTheirs} data-testid="editor-take-theirs">
          {c.deleted ? t('edit.conflictClose') : t('edit.conflictReload')}
        </button>
        {!c.deleted && c.etag && (
          <button type="button" className="button button--danger" onClick={editor.overwrite} data-testid="editor-overwrite">
            {t('edit.conflictOverwrite')}
          </button>
        )}
      </div>
    </section>
  );
}

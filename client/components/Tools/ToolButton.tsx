/** A tool's start button: pressed while its shape is being drawn. */
import type { ReactNode } from 'react';

export function ToolButton({ on, onClick, testId, children }: { on: boolean; onClick: () => void; testId: string; children: ReactNode }) {
  return (
    <button type="button" className={`button${on ? ' button--active' : ''}`} aria-pressed={on} onClick={onClick} data-testid={testId}>
      {children}
    </button>
  );
}

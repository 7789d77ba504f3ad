/** The × button that closes a panel or dialog: one look and one accessible name pattern everywhere. */
import type { Ref } from 'react';

interface Props {
  label: string;
  onClick: () => void;
  className?: string;
  testId?: string;
  ref?: Ref<HTMLButtonElement>;
}

export function CloseButton({ label, onClick, className, testId, ref }: Props) {
  return (
    <button
      ref={ref}
      type="button"
      className={className ? `icon-button ${className}` : 'icon-button'}
      aria-label={label}
      onClick={onClick}
      data-testid={testId}
    >
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
    </button>
  );
}

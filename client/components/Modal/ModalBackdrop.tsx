/**
 * The dimmed page behind a dialog: Escape closes the dialog wherever the focus is (also after a
 * click on the page left it nowhere), and so does a click beside the dialog.
 */
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  onClose: () => void;
  className: string;
  children: ReactNode;
}

export function ModalBackdrop({ onClose, className, children }: Props) {
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closeRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click beside the dialog is the pointer's way out; the keyboard's is Escape (above) and the dialog's own close button
    <div className={className} role="presentation" onClick={(e) => e.target === e.currentTarget && closeRef.current()}>
      {children}
    </div>
  );
}

import { useEffect, useRef, type ReactNode } from 'react';

/** A small menu that closes on Escape or a click outside. */
export function Popover({
  onClose,
  children,
  className = '',
  label,
}: {
  onClose: () => void;
  children: ReactNode;
  className?: string;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    function onDown(e: MouseEvent) {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    }
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Escape') onClose();
    }
    // After the click that opened it.
    const id = setTimeout(() => document.addEventListener('mousedown', onDown));
    document.addEventListener('keydown', onKey);
    ref.current?.querySelector<HTMLElement>('button, a[href], input')?.focus();
    return () => {
      clearTimeout(id);
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [onClose]);
  return (
    <div ref={ref} className={`popover ${className}`} role="group" aria-label={label}>
      {children}
    </div>
  );
}

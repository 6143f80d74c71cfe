/** A failed action's message, announced to screen readers. Nothing when there is none. */
export function FormError({ message, id, className = '' }: { message: string; id?: string; className?: string }) {
  if (!message) return null;
  return (
    <p id={id} className={`form__error${className ? ` ${className}` : ''}`} role="alert">
      {message}
    </p>
  );
}

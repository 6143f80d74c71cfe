// Pieces shared by the settings tabs.

import { useId, type ReactNode } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { User } from '../../api/types';
import { keys } from '../../queries/keys';
import { primeUsers } from '../../queries/users';

/** Length in characters as the server counts them (code points, "runes"). */
export function runeLength(s: string): number {
  return [...s].length;
}

/** Puts the signed-in user, as the server answered, in the cache (`me` and their user entry). */
export function storeMe(qc: QueryClient, user: User): void {
  const prev = qc.getQueryData<User>(keys.me);
  const next = prev ? { ...prev, ...user } : user;
  qc.setQueryData(keys.me, next);
  primeUsers(qc, [next]);
}

export interface RadioOption<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

/** A fieldset of radio buttons with its error shown under it. */
export function RadioGroup<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  disabled = false,
  hint,
  error,
  children,
}: {
  legend: string;
  name: string;
  value: T;
  options: readonly RadioOption<T>[];
  onChange: (value: T) => void;
  disabled?: boolean;
  hint?: string;
  error?: string;
  /** More controls that belong to the group, after the choices. */
  children?: ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className="settings-group" aria-describedby={describedBy} disabled={disabled}>
      <legend className="settings-group__legend">{legend}</legend>
      {hint && (
        <p id={hintId} className="settings-group__hint">
          {hint}
        </p>
      )}
      {options.map((o) => (
        <label key={o.value} className="settings-choice">
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          <span>
            {o.label}
            {o.hint && <span className="settings-choice__hint">{o.hint}</span>}
          </span>
        </label>
      ))}
      {children}
      <FieldError id={errorId} error={error} />
    </fieldset>
  );
}

export function FieldError({ id, error }: { id?: string; error?: string | undefined }) {
  if (!error) return null;
  return (
    <p id={id} className="form__error settings-error" role="alert">
      {error}
    </p>
  );
}

/** A short confirmation, announced politely. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="settings-notice" role="status">
      {children}
    </p>
  );
}

// Profile: names, nickname and position (PATCH), the picture, username and email shown.

import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { User, UserPatch } from '../../api/types';
import { errorMessage, formatBytes } from '../../lib/format';
import { useConfig, useMeUser } from '../../queries/hooks';
import { keys } from '../../queries/keys';
import { t } from '../../i18n/en';
import { FieldError, Notice, runeLength, storeMe } from './common';

/** Mattermost's limits, in characters. */
export const PROFILE_LIMITS = { first_name: 64, last_name: 64, nickname: 64, position: 128 } as const;
type Field = keyof typeof PROFILE_LIMITS;
const FIELDS: readonly Field[] = ['first_name', 'last_name', 'nickname', 'position'];
const LABELS: Record<Field, Parameters<typeof t>[0]> = {
  first_name: 'profile.firstName',
  last_name: 'profile.lastName',
  nickname: 'profile.nickname',
  position: 'profile.position',
};

/** The server's limit for a profile picture upload. */
export const PICTURE_MAX_BYTES = 10 * 1024 * 1024;
export const PICTURE_TYPES = ['image/jpeg', 'image/png', 'image/gif'] as const;

/** Checks the profile fields before sending: field → error. */
export function validateProfile(values: Record<Field, string>): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  for (const f of FIELDS) {
    if (runeLength(values[f].trim()) > PROFILE_LIMITS[f]) errors[f] = t('settings.tooLong', { max: PROFILE_LIMITS[f] });
  }
  return errors;
}

/** Why a file cannot be a profile picture, or `''`. */
export function pictureProblem(file: Pick<File, 'name' | 'type' | 'size'>, maxBytes: number): string {
  if (!(PICTURE_TYPES as readonly string[]).includes(file.type)) return t('profile.pictureType', { name: file.name });
  if (file.size > maxBytes) return t('profile.pictureSize', { name: file.name, size: formatBytes(maxBytes) });
  return '';
}

function fromUser(u: User): Record<Field, string> {
  return {
    first_name: u.first_name ?? '',
    last_name: u.last_name ?? '',
    nickname: u.nickname ?? '',
    position: u.position ?? '',
  };
}

export function ProfileTab() {
  const me = useMeUser();
  return (
    <div className="settings-tab">
      <PictureSection me={me} />
      <ProfileForm me={me} />
      <dl className="settings-readonly">
        <div>
          <dt>{t('profile.username')}</dt>
          <dd>@{me.username}</dd>
        </div>
        {me.email && (
          <div>
            <dt>{t('profile.email')}</dt>
            <dd>{me.email}</dd>
          </div>
        )}
      </dl>
      <p className="settings-group__hint">{t('profile.readOnly')}</p>
    </div>
  );
}

function ProfileForm({ me }: { me: User }) {
  const qc = useQueryClient();
  const id = useId();
  const [values, setValues] = useState(() => fromUser(me));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [serverError, setServerError] = useState('');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const inputs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});

  function change(f: Field, v: string) {
    setValues((cur) => ({ ...cur, [f]: v }));
    setSaved(false);
    if (errors[f]) setErrors((cur) => ({ ...cur, [f]: undefined }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    setServerError('');
    setSaved(false);
    const found = validateProfile(values);
    setErrors(found);
    const firstBad = FIELDS.find((f) => found[f]);
    if (firstBad) {
      inputs.current[firstBad]?.focus();
      return;
    }
    const current = fromUser(me);
    const patch: UserPatch = {};
    for (const f of FIELDS) {
      const v = values[f].trim();
      if (v !== current[f]) patch[f] = v;
    }
    if (Object.keys(patch).length === 0) {
      setSaved(true);
      return;
    }
    setSaving(true);
    try {
      const user = await api.patchUser(me.id, patch);
      storeMe(qc, user);
      setValues(fromUser({ ...me, ...user }));
      setSaved(true);
    } catch (err) {
      setServerError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form settings-form" onSubmit={submit} noValidate aria-label={t('settings.tabProfile')}>
      <div className="settings-row">
        {FIELDS.map((f) => {
          const errId = `${id}-${f}-error`;
          return (
            <label key={f} className="field">
              <span>{t(LABELS[f])}</span>
              <input
                ref={(el) => {
                  inputs.current[f] = el;
                }}
                name={f}
                value={values[f]}
                autoComplete={f === 'first_name' ? 'given-name' : f === 'last_name' ? 'family-name' : f === 'nickname' ? 'nickname' : 'organization-title'}
                aria-invalid={errors[f] ? true : undefined}
                aria-describedby={errors[f] ? errId : undefined}
                onChange={(e) => change(f, e.target.value)}
              />
              <FieldError id={errId} error={errors[f]} />
            </label>
          );
        })}
      </div>
      <FieldError error={serverError} />
      <div className="form__actions settings-actions">
        {saved && <Notice>{t('settings.saved')}</Notice>}
        <button type="submit" className="btn btn--primary" aria-disabled={saving || undefined}>
          {saving ? t('settings.saving') : t('settings.save')}
        </button>
      </div>
    </form>
  );
}

function PictureSection({ me }: { me: User }) {
  const qc = useQueryClient();
  const { data: config } = useConfig();
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState<'upload' | 'remove' | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const hintId = useId();
  const fileRef = useRef<HTMLInputElement>(null);

  const configMax = Number(config?.MaxFileSize);
  const maxBytes = Number.isFinite(configMax) && configMax > 0 ? Math.min(PICTURE_MAX_BYTES, configMax) : PICTURE_MAX_BYTES;

  useEffect(() => {
    if (!preview) return;
    return () => URL.revokeObjectURL(preview);
  }, [preview]);

  /** Reloads the user so every avatar gets the new `last_picture_update`. */
  async function refresh() {
    try {
      storeMe(qc, await api.getMe());
    } catch {
      const cur = qc.getQueryData<User>(keys.me);
      if (cur) storeMe(qc, { ...cur, last_picture_update: Date.now() });
    }
  }

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file || busy) return;
    setNotice('');
    const problem = pictureProblem(file, maxBytes);
    if (problem) {
      setError(problem);
      return;
    }
    setError('');
    setPreview(URL.createObjectURL(file));
    setBusy('upload');
    try {
      await api.uploadProfileImage(me.id, file);
      await refresh();
      setNotice(t('profile.pictureSaved'));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPreview(null);
      setBusy(null);
    }
  }

  async function remove() {
    if (busy) return;
    setNotice('');
    setError('');
    setBusy('remove');
    try {
      await api.deleteProfileImage(me.id);
      await refresh();
      setNotice(t('profile.pictureRemoved'));
      // The button goes away with the picture: keep the focus in the dialog.
      fileRef.current?.focus();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  const hasCustom = (me.last_picture_update ?? 0) > 0;
  return (
    <section className="settings-group settings-picture" aria-label={t('profile.picture')}>
      <h3 className="settings-group__legend">{t('profile.picture')}</h3>
      <div className="settings-picture__row">
        <img
          className="settings-picture__img"
          src={preview ?? api.userImageUrl(me.id, me.last_picture_update)}
          width={96}
          height={96}
          alt={t('profile.pictureOf')}
        />
        <div className="settings-picture__actions">
          <label className={`btn${busy ? ' btn--disabled' : ''}`}>
            <input
              ref={fileRef}
              type="file"
              className="visually-hidden"
              accept={PICTURE_TYPES.join(',')}
              aria-disabled={busy !== null || undefined}
              aria-describedby={hintId}
              onChange={(e) => void onFile(e)}
            />
            {busy === 'upload' ? t('profile.uploading') : t('profile.upload')}
          </label>
          {hasCustom && (
            <button type="button" className="btn" aria-disabled={busy !== null || undefined} onClick={() => void remove()}>
              {busy === 'remove' ? t('profile.removing') : t('profile.removePicture')}
            </button>
          )}
          <small id={hintId} className="settings-group__hint">
            {t('profile.pictureHint', { size: formatBytes(maxBytes) })}
          </small>
        </div>
      </div>
      <FieldError error={error} />
      {notice && <Notice>{notice}</Notice>}
    </section>
  );
}

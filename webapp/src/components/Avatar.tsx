import { userImageUrl } from '../api/endpoints';
import { useUser } from '../queries/users';
import { useStatus } from '../queries/status';
import { t, type StringKey } from '../i18n/en';

/** A user's picture, served by the server (`/api/v4/users/{id}/image`), with a presence dot. */
export function Avatar({ userId, size = 36, status = false }: { userId: string; size?: number; status?: boolean }) {
  const { data: user } = useUser(userId);
  const img = (
    <img
      className="avatar"
      src={userImageUrl(userId, user?.last_picture_update)}
      width={size}
      height={size}
      alt=""
      loading="lazy"
      decoding="async"
    />
  );
  if (!status) return img;
  return (
    <span className="avatar-wrap">
      {img}
      <PresenceDot userId={userId} />
    </span>
  );
}

const STATUS_LABEL: Record<string, StringKey> = {
  online: 'status.online',
  away: 'status.away',
  dnd: 'status.dnd',
  offline: 'status.offline',
};

/** Online (green), away (yellow), do not disturb (red) or offline (hollow), with its name for screen readers. */
export function PresenceDot({ userId }: { userId: string }) {
  const { data: status = 'offline' } = useStatus(userId);
  const label = t(STATUS_LABEL[status] ?? 'status.offline');
  return <span className={`presence presence--${status}`} role="img" aria-label={label} title={label} />;
}

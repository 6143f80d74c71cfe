import { userImageUrl } from '../api/endpoints';
import { useUser } from '../queries/users';

/** A user's picture, served by the server (`/api/v4/users/{id}/image`). */
export function Avatar({ userId, size = 36 }: { userId: string; size?: number }) {
  const { data: user } = useUser(userId);
  return (
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
}

import { useUser } from '../queries/users';
import { t } from '../i18n/en';

export function useUsername(userId: string | undefined): string {
  const { data } = useUser(userId);
  return data?.username ?? '';
}

export function UserName({ userId }: { userId: string }) {
  const name = useUsername(userId);
  return <>{name || t('user.unknown')}</>;
}

// The server's configuration for the System Console (system admins only). A saved patch puts the
// server's answer in the cache and refetches the client config, which follows it.

import { useQuery, type QueryClient } from '@tanstack/react-query';
import { getConfig, patchConfig, type AdminConfig } from '../api/admin';
import { keys } from './keys';

export function useAdminConfig() {
  return useQuery({ queryKey: keys.adminConfig, queryFn: getConfig, staleTime: 0 });
}

export async function saveConfig(qc: QueryClient, patch: Parameters<typeof patchConfig>[0]): Promise<AdminConfig> {
  const config = await patchConfig(patch);
  qc.setQueryData(keys.adminConfig, config);
  void qc.invalidateQueries({ queryKey: keys.config });
  return config;
}

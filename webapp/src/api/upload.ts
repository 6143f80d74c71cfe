// File uploads with progress: `fetch` cannot report upload progress, so this one call uses
// XMLHttpRequest, with the same headers and error handling as `request`.

import { API, ApiError, apiErrorFrom, readCookie } from './client';
import type { FileInfo, FileUploadResponse } from './types';

export interface UploadHandle {
  promise: Promise<FileInfo>;
  abort(): void;
}

/** Uploads one file to a channel (`POST /files`), calling `onProgress` with 0..1. */
export function uploadFile(channelId: string, file: File, clientId: string, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<FileInfo>((resolve, reject) => {
    const form = new FormData();
    // The channel comes first: the server checks permission before reading any file byte.
    form.append('channel_id', channelId);
    form.append('client_ids', clientId);
    form.append('files', file, file.name);
    xhr.open('POST', `${API}/files`);
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.setRequestHeader('Accept', 'application/json');
    const csrf = readCookie('MMCSRF');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON: a proxy's error page.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const info = (body as FileUploadResponse | null)?.file_infos?.[0];
        if (info) {
          onProgress(1);
          resolve(info);
          return;
        }
      }
      reject(apiErrorFrom(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError(0, ''));
    xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

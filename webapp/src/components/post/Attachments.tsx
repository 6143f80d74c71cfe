import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useQuery } from '@tanstack/react-query';
import * as api from '../../api/endpoints';
import type { FileInfo, Post } from '../../api/types';
import { formatBytes } from '../../lib/format';
import { IconClose, IconDownload, IconFile, IconLeft, IconRight } from '../icons';
import { t } from '../../i18n/en';

export function isPreviewableImage(file: FileInfo): boolean {
  return file.mime_type.startsWith('image/') && (!!file.has_preview_image || (file.width ?? 0) > 0);
}

/** A post's files: image thumbnails (click for the preview), other files with Download. */
export function Attachments({ post }: { post: Post }) {
  const inline = post.metadata?.files;
  const fetched = useQuery({
    queryKey: ['postFiles', post.id],
    queryFn: () => api.getPostFiles(post.id),
    enabled: !inline,
    staleTime: Infinity,
  });
  const [preview, setPreview] = useState<number | null>(null);
  const files: FileInfo[] = inline ?? fetched.data ?? [];
  if (files.length === 0) return null;
  return (
    <>
      <ul className="attachments">
        {files.map((f, i) => (
          <li key={f.id}>
            <Attachment file={f} onOpen={() => setPreview(i)} />
          </li>
        ))}
      </ul>
      {preview !== null && <FilePreview files={files} index={preview} onIndex={setPreview} onClose={() => setPreview(null)} />}
    </>
  );
}

function Attachment({ file, onOpen }: { file: FileInfo; onOpen: () => void }) {
  if (isPreviewableImage(file)) {
    const w = file.width ?? 0;
    const h = file.height ?? 0;
    // Reserve the space before the thumbnail loads, so the list does not jump.
    const scale = w > 0 && h > 0 ? Math.min(1, 320 / w, 240 / h) : 1;
    return (
      <button type="button" className="attachment attachment--image" onClick={onOpen} aria-label={t('file.open', { name: file.name })}>
        <img
          src={api.fileThumbnailUrl(file.id)}
          alt={file.name}
          width={w > 0 ? Math.round(w * scale) : undefined}
          height={h > 0 ? Math.round(h * scale) : undefined}
          loading="lazy"
        />
      </button>
    );
  }
  return (
    <div className="attachment attachment--file">
      <IconFile />
      <div className="attachment__text">
        <button type="button" className="link-btn" onClick={onOpen}>
          {file.name}
        </button>
        <span className="muted">
          {file.extension.toUpperCase()} {formatBytes(file.size)}
        </span>
      </div>
      <a className="icon-btn" href={api.fileDownloadUrl(file.id)} aria-label={t('post.download', { name: file.name })} download>
        <IconDownload />
      </a>
    </div>
  );
}

/**
 * The full-screen preview of a post's files: the image (or a card for other files), its name
 * and size, Download, and Previous/Next (arrow keys) through the post's files. Escape closes.
 */
export function FilePreview({
  files,
  index,
  onIndex,
  onClose,
}: {
  files: readonly FileInfo[];
  index: number;
  onIndex: (i: number) => void;
  onClose: () => void;
}) {
  const file = files[index];
  const box = useRef<HTMLDivElement>(null);
  const count = files.length;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    box.current?.focus();
    return () => before?.focus?.();
  }, []);

  if (!file) return null;
  const go = (delta: number) => onIndex((index + delta + count) % count);

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === 'ArrowRight' && count > 1) {
      e.preventDefault();
      go(1);
    } else if (e.key === 'ArrowLeft' && count > 1) {
      e.preventDefault();
      go(-1);
    }
  }

  const image = isPreviewableImage(file);
  const isVideo = file.mime_type.startsWith('video/');
  return createPortal(
    <div className="file-preview" role="dialog" aria-modal="true" aria-label={t('file.preview', { name: file.name })} tabIndex={-1} ref={box} onKeyDown={onKeyDown}>
      <header className="file-preview__bar">
        <div className="file-preview__name">
          <strong>{file.name}</strong>
          <span>
            {formatBytes(file.size)}
            {count > 1 && ` · ${t('file.position', { n: index + 1, count })}`}
          </span>
        </div>
        <a className="icon-btn" href={api.fileDownloadUrl(file.id)} download aria-label={t('post.download', { name: file.name })} title={t('file.download')}>
          <IconDownload />
        </a>
        <button type="button" className="icon-btn" aria-label={t('dialog.close')} title={t('dialog.close')} onClick={onClose}>
          <IconClose />
        </button>
      </header>
      <div className="file-preview__stage" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
        {count > 1 && (
          <button type="button" className="file-preview__nav file-preview__nav--prev" aria-label={t('file.previous')} onClick={() => go(-1)}>
            <IconLeft />
          </button>
        )}
        {image ? (
          <img key={file.id} className="file-preview__image" src={file.has_preview_image ? api.filePreviewUrl(file.id) : api.fileUrl(file.id)} alt={file.name} />
        ) : isVideo ? (
          <video key={file.id} className="file-preview__image" src={api.fileUrl(file.id)} controls />
        ) : (
          <div className="file-preview__card">
            <IconFile />
            <strong>{file.name}</strong>
            <span>{t('file.noPreview')}</span>
            <a className="btn btn--primary" href={api.fileDownloadUrl(file.id)} download>
              {t('file.download')}
            </a>
          </div>
        )}
        {count > 1 && (
          <button type="button" className="file-preview__nav file-preview__nav--next" aria-label={t('file.next')} onClick={() => go(1)}>
            <IconRight />
          </button>
        )}
      </div>
    </div>,
    document.body,
  );
}

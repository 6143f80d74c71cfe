// A post's message attachments (`props.attachments`, Slack's format) as Mattermost shows them: a
// card with a coloured bar, pretext, author, title, Markdown text, fields in rows, an image, a
// thumbnail on the right, a footer with its time, and the integration's buttons and menus.

import { memo, useMemo } from 'react';
import type { MessageAttachment } from '../../api/integrationTypes';
import type { Post } from '../../api/types';
import {
  attachmentColor,
  attachmentImageSrc,
  attachmentTime,
  attachmentsOf,
  fieldRows,
  footerText,
  safeLink,
} from '../../lib/attachments';
import { renderMarkdown, type RenderOptions } from '../../lib/markdown';
import { formatDateTime } from '../../lib/format';
import { useTimeZone } from '../../queries/timezone';
import { useMarkdownClick, useMarkdownOptions } from '../markdownHooks';
import { AttachmentActions } from './AttachmentActions';
import { t } from '../../i18n/en';
import '../../styles/integrations.css';

export const MessageAttachments = memo(function MessageAttachments({ post }: { post: Post }) {
  const list = useMemo(() => attachmentsOf(post), [post]);
  const md = useMarkdownOptions();
  const onClick = useMarkdownClick();
  const tz = useTimeZone();
  if (list.length === 0) return null;
  return (
    <div className="msg-attachments">
      {list.map((a, i) => (
        <AttachmentCard key={i} postId={post.id} attachment={a} md={md} onClick={onClick} tz={tz} />
      ))}
    </div>
  );
});

/** A link out of the app: a new tab that learns nothing of where it was opened from. */
function ExternalLink({ href, className, children }: { href: string; className?: string; children: React.ReactNode }) {
  return (
    <a href={href} className={className} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function Markdown({ text, md, className = '' }: { text: string; md: RenderOptions; className?: string }) {
  const html = useMemo(() => renderMarkdown(text, md), [text, md]);
  return <div className={`markdown ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

export function AttachmentCard({
  postId,
  attachment: a,
  md,
  onClick,
  tz,
}: {
  postId: string;
  attachment: MessageAttachment;
  md: RenderOptions;
  onClick?: (e: React.MouseEvent<HTMLElement>) => void;
  tz?: string;
}) {
  const color = attachmentColor(a.color);
  const authorIcon = attachmentImageSrc(a.author_icon);
  const authorLink = safeLink(a.author_link);
  const titleLink = safeLink(a.title_link);
  const thumb = attachmentImageSrc(a.thumb_url);
  const image = attachmentImageSrc(a.image_url);
  const imageLink = !image ? safeLink(a.image_url) : undefined;
  const footerIcon = attachmentImageSrc(a.footer_icon);
  const time = attachmentTime(a.ts);
  const rows = fieldRows(a.fields ?? []);

  const authorParts = (
    <>
      {authorIcon && <img className="msg-attachment__author-icon" src={authorIcon} alt="" width={14} height={14} loading="lazy" />}
      {a.author_name && <span className="msg-attachment__author-name">{a.author_name}</span>}
    </>
  );
  const hasAuthor = !!(a.author_name || authorIcon);
  const hasBody =
    hasAuthor ||
    !!a.title ||
    !!a.text ||
    !!thumb ||
    !!image ||
    !!imageLink ||
    rows.length > 0 ||
    !!a.footer ||
    time !== undefined ||
    (a.actions?.length ?? 0) > 0;

  return (
    <div className="msg-attachment" onClick={onClick}>
      {a.pretext && <Markdown text={a.pretext} md={md} className="msg-attachment__pretext" />}
      {hasBody && (
        <div
          className={`msg-attachment__container${color ? '' : ' msg-attachment__container--plain'}`}
          style={color ? { borderLeftColor: color } : undefined}
          data-color={color}
        >
          <div className="msg-attachment__main">
            {hasAuthor && (
              <div className="msg-attachment__author">
                {authorLink ? (
                  <ExternalLink href={authorLink} className="msg-attachment__author-link">
                    {authorParts}
                  </ExternalLink>
                ) : (
                  authorParts
                )}
              </div>
            )}
            {a.title && (
              <h4 className="msg-attachment__title">
                {titleLink ? <ExternalLink href={titleLink}>{a.title}</ExternalLink> : a.title}
              </h4>
            )}
            {a.text && <Markdown text={a.text} md={md} className="msg-attachment__text" />}
            {rows.length > 0 && (
              <div className="msg-attachment__fields">
                {rows.map((row, r) => (
                  <div key={r} className="msg-attachment__field-row">
                    {row.map((f, i) => (
                      <div key={i} className={`msg-attachment__field${f.short ? ' msg-attachment__field--short' : ''}`}>
                        {f.title && <div className="msg-attachment__field-title">{f.title}</div>}
                        <Markdown text={String(f.value ?? '')} md={md} className="msg-attachment__field-value" />
                      </div>
                    ))}
                  </div>
                ))}
              </div>
            )}
            {image && (
              <div className="msg-attachment__image-box">
                <img className="msg-attachment__image" src={image} alt={a.fallback || a.title || ''} loading="lazy" />
              </div>
            )}
            {imageLink && (
              <p className="msg-attachment__image-link">
                <ExternalLink href={imageLink}>{t('attachment.openImage')}</ExternalLink>
              </p>
            )}
            {(a.footer || time !== undefined) && (
              <div className="msg-attachment__footer">
                {footerIcon && <img className="msg-attachment__footer-icon" src={footerIcon} alt="" width={16} height={16} loading="lazy" />}
                {a.footer && <span>{footerText(a.footer)}</span>}
                {a.footer && time !== undefined && <span aria-hidden="true"> · </span>}
                {time !== undefined && <time dateTime={new Date(time).toISOString()}>{formatDateTime(time, tz)}</time>}
              </div>
            )}
            {(a.actions?.length ?? 0) > 0 && <AttachmentActions postId={postId} actions={a.actions ?? []} />}
          </div>
          {thumb && (
            <div className="msg-attachment__thumb">
              <img src={thumb} alt="" loading="lazy" />
            </div>
          )}
        </div>
      )}
    </div>
  );
}

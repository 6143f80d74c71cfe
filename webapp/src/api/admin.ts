// The server's configuration as system admins read and change it (`GET /config`,
// `PUT /config/patch`): only the part of it the System Console edits is typed. Secrets come back
// masked (`CONFIG_SECRET_MASK`); sending the mask back leaves them unchanged.

import { request } from './client';

export const CONFIG_SECRET_MASK = '********';

/** `EmailSettings`: notification emails, their SMTP server, and mobile pushes. */
export interface EmailSettings {
  SendEmailNotifications: boolean;
  EnableEmailBatching: boolean;
  EmailBatchingInterval: number;
  EmailNotificationContentsType: string;
  FeedbackName: string;
  FeedbackEmail: string;
  ReplyToAddress: string;
  SMTPServer: string;
  SMTPPort: string;
  EnableSMTPAuth: boolean;
  SMTPUsername: string;
  SMTPPassword: string;
  ConnectionSecurity: string;
  SkipServerCertificateVerification: boolean;
  SMTPServerTimeout: number;
  SendPushNotifications: boolean;
  PushNotificationServer: string;
  PushNotificationContents: string;
}

/** The configuration: sections of settings; the ones not typed here pass through untouched. */
export interface AdminConfig {
  EmailSettings: EmailSettings;
  [section: string]: unknown;
}

export const getConfig = () => request<AdminConfig>('/config');

/** Changes only the settings in `patch`; answers the whole configuration (secrets masked). */
export const patchConfig = (patch: Partial<{ EmailSettings: Partial<EmailSettings> }>) =>
  request<AdminConfig>('/config/patch', { method: 'PUT', body: patch });

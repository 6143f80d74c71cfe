// System Console › Site Configuration › Notifications: notification emails (on, batching and
// how often batches are looked at, what they contain, who they come from) and the SMTP server
// that sends them (also used for account emails). The password comes masked and stays unchanged
// unless a new one is typed.

import { t } from '../../i18n/en';
import { BoolSetting, DropdownSetting, EmailSettingsPage, SecretSetting, SettingsGroup, TextSetting } from './common';

const FIELDS = [
  'SendEmailNotifications',
  'EnableEmailBatching',
  'EmailBatchingInterval',
  'EmailNotificationContentsType',
  'FeedbackName',
  'FeedbackEmail',
  'ReplyToAddress',
  'SMTPServer',
  'SMTPPort',
  'ConnectionSecurity',
  'EnableSMTPAuth',
  'SMTPUsername',
  'SMTPPassword',
  'SkipServerCertificateVerification',
  'SMTPServerTimeout',
] as const;

export function NotificationSettings() {
  const labels = {
    EmailBatchingInterval: t('admin.email.batchingInterval'),
    SMTPServerTimeout: t('admin.smtp.timeout'),
  };
  return (
    <EmailSettingsPage title={t('admin.notifications.title')} fields={FIELDS} labels={labels}>
      {({ draft, set }) => {
        const emailOn = draft.SendEmailNotifications === true;
        const text = (k: (typeof FIELDS)[number]) => String(draft[k] ?? '');
        return (
          <>
            <SettingsGroup title={t('admin.email.group')}>
              <BoolSetting
                label={t('admin.email.enable')}
                value={emailOn}
                help={t('admin.email.enableHelp')}
                onChange={(v) => set('SendEmailNotifications', v)}
              />
              <BoolSetting
                label={t('admin.email.batching')}
                value={draft.EnableEmailBatching === true}
                disabled={!emailOn}
                help={t('admin.email.batchingHelp')}
                onChange={(v) => set('EnableEmailBatching', v)}
              />
              <TextSetting
                label={labels.EmailBatchingInterval}
                type="number"
                value={text('EmailBatchingInterval')}
                disabled={!emailOn || draft.EnableEmailBatching !== true}
                help={t('admin.email.batchingIntervalHelp')}
                onChange={(v) => set('EmailBatchingInterval', v)}
              />
              <DropdownSetting
                label={t('admin.email.contents')}
                value={text('EmailNotificationContentsType') || 'full'}
                options={[
                  { value: 'full', label: t('admin.email.contentsFull') },
                  { value: 'generic', label: t('admin.email.contentsGeneric') },
                ]}
                disabled={!emailOn}
                help={t('admin.email.contentsHelp')}
                onChange={(v) => set('EmailNotificationContentsType', v)}
              />
              <TextSetting
                label={t('admin.email.fromName')}
                value={text('FeedbackName')}
                disabled={!emailOn}
                help={t('admin.email.fromNameHelp')}
                onChange={(v) => set('FeedbackName', v)}
              />
              <TextSetting
                label={t('admin.email.fromAddress')}
                type="email"
                value={text('FeedbackEmail')}
                disabled={!emailOn}
                help={t('admin.email.fromAddressHelp')}
                onChange={(v) => set('FeedbackEmail', v)}
              />
              <TextSetting
                label={t('admin.email.replyTo')}
                type="email"
                value={text('ReplyToAddress')}
                disabled={!emailOn}
                help={t('admin.email.replyToHelp')}
                onChange={(v) => set('ReplyToAddress', v)}
              />
            </SettingsGroup>

            <SettingsGroup title={t('admin.smtp.group')}>
              <TextSetting
                label={t('admin.smtp.server')}
                value={text('SMTPServer')}
                help={t('admin.smtp.serverHelp')}
                onChange={(v) => set('SMTPServer', v)}
              />
              <TextSetting
                label={t('admin.smtp.port')}
                value={text('SMTPPort')}
                help={t('admin.smtp.portHelp')}
                onChange={(v) => set('SMTPPort', v)}
              />
              <DropdownSetting
                label={t('admin.smtp.security')}
                value={text('ConnectionSecurity')}
                options={[
                  { value: '', label: t('admin.smtp.securityNone') },
                  { value: 'TLS', label: t('admin.smtp.securityTls') },
                  { value: 'STARTTLS', label: t('admin.smtp.securityStarttls') },
                ]}
                help={t('admin.smtp.securityHelp')}
                onChange={(v) => set('ConnectionSecurity', v)}
              />
              <BoolSetting
                label={t('admin.smtp.auth')}
                value={draft.EnableSMTPAuth === true}
                help={t('admin.smtp.authHelp')}
                onChange={(v) => set('EnableSMTPAuth', v)}
              />
              <TextSetting
                label={t('admin.smtp.username')}
                value={text('SMTPUsername')}
                disabled={draft.EnableSMTPAuth !== true}
                onChange={(v) => set('SMTPUsername', v)}
              />
              <SecretSetting
                label={t('admin.smtp.password')}
                value={text('SMTPPassword')}
                disabled={draft.EnableSMTPAuth !== true}
                help={t('admin.smtp.passwordHelp')}
                onChange={(v) => set('SMTPPassword', v)}
              />
              <BoolSetting
                label={t('admin.smtp.skipVerify')}
                value={draft.SkipServerCertificateVerification === true}
                disabled={text('ConnectionSecurity') === ''}
                help={t('admin.smtp.skipVerifyHelp')}
                onChange={(v) => set('SkipServerCertificateVerification', v)}
              />
              <TextSetting
                label={labels.SMTPServerTimeout}
                type="number"
                value={text('SMTPServerTimeout')}
                help={t('admin.smtp.timeoutHelp')}
                onChange={(v) => set('SMTPServerTimeout', v)}
              />
            </SettingsGroup>
          </>
        );
      }}
    </EmailSettingsPage>
  );
}

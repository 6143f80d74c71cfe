// The System Console's routes, loaded on first visit (one chunk).
export { AdminConsole } from './AdminConsole';
export { PushNotificationServer } from './PushNotificationServer';
export { NotificationSettings } from './NotificationSettings';

// The Integrations area's routes, loaded on first visit (one chunk).
export { IntegrationsHome } from './IntegrationsHome';
export { IncomingWebhooks } from './IncomingWebhooks';
export { OutgoingWebhooks } from './OutgoingWebhooks';
export { SlashCommands } from './SlashCommands';
export { Bots } from './Bots';
export { OAuthApps } from './OAuthApps';

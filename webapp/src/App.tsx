import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from './pages/LoginPage';
import { SignupPage } from './pages/SignupPage';
import { AuthGate } from './pages/AuthGate';
import { RootRedirect } from './pages/RootRedirect';
import { CreateTeamPage } from './pages/CreateTeamPage';
import { TeamIndex, TeamLayout } from './pages/TeamLayout';
import { ChannelView } from './pages/ChannelView';
import { NotFound } from './pages/NotFound';
import { PermalinkView } from './pages/PermalinkView';
import { ThreadsView } from './pages/ThreadsView';
import { DraftsView } from './pages/DraftsView';
import { OAuthAuthorizePage } from './pages/OAuthAuthorizePage';

/** A page of the Integrations area, loaded (with the others) on first visit. */
function integration(name: keyof typeof import('./pages/integrations')) {
  return async () => ({ Component: (await import('./pages/integrations'))[name] });
}

/** A page of the System Console, loaded (with the others) on first visit. */
function admin(name: keyof typeof import('./pages/admin')) {
  return async () => ({ Component: (await import('./pages/admin'))[name] });
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/signup', element: <SignupPage /> },
  {
    element: <AuthGate />,
    children: [
      { path: '/', element: <RootRedirect /> },
      { path: '/create_team', element: <CreateTeamPage /> },
      { path: '/oauth/authorize', element: <OAuthAuthorizePage /> },
      {
        path: '/admin_console',
        lazy: admin('AdminConsole'),
        children: [
          { index: true, element: <Navigate to="environment/push_notification_server" replace /> },
          { path: 'environment/push_notification_server', lazy: admin('PushNotificationServer') },
          { path: 'site_config/notifications', lazy: admin('NotificationSettings') },
          { path: '*', element: <NotFound /> },
        ],
      },
      {
        path: '/:team',
        element: <TeamLayout />,
        children: [
          { index: true, element: <TeamIndex /> },
          { path: 'channels', element: <TeamIndex /> },
          { path: 'channels/:channel', element: <ChannelView /> },
          { path: 'pl/:postId', element: <PermalinkView /> },
          { path: 'threads', element: <ThreadsView /> },
          { path: 'threads/:threadId', element: <ThreadsView /> },
          { path: 'drafts', element: <DraftsView /> },
          { path: 'integrations', lazy: integration('IntegrationsHome') },
          { path: 'integrations/incoming_webhooks', lazy: integration('IncomingWebhooks') },
          { path: 'integrations/outgoing_webhooks', lazy: integration('OutgoingWebhooks') },
          { path: 'integrations/commands', lazy: integration('SlashCommands') },
          { path: 'integrations/bots', lazy: integration('Bots') },
          { path: 'integrations/oauth2-apps', lazy: integration('OAuthApps') },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
  { path: '*', element: <NotFound /> },
]);

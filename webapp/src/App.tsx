import { createBrowserRouter } from 'react-router';
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

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/signup', element: <SignupPage /> },
  {
    element: <AuthGate />,
    children: [
      { path: '/', element: <RootRedirect /> },
      { path: '/create_team', element: <CreateTeamPage /> },
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
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
  { path: '*', element: <NotFound /> },
]);

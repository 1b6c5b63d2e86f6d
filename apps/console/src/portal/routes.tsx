import { createBrowserRouter, type RouteObject } from 'react-router';
import { RouteError } from '../app/RouteError';
import { Loading } from '../components/States';
import { PortalLayout } from './PortalLayout';

const page = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

/** CONTRACT §8: the employer portal under /portal, for `employer` users (one lazy chunk per page). */
export const portalRoutes: RouteObject[] = [
  {
    path: '/',
    element: <PortalLayout />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading />,
    children: [
      { index: true, ...page(() => import('./HomePage')) },
      { path: 'reports/:id', ...page(() => import('./ReportPage')) },
      { path: 'cases', ...page(() => import('./CasesPage')) },
      { path: 'cases/:id', ...page(() => import('./CasePage')) },
      { path: 'notices', ...page(() => import('./NoticesPage')) },
      { path: 'keys', ...page(() => import('./KeysPage')) },
      { path: '*', ...page(() => import('./NotFoundPage')) },
    ],
  },
];

export const createPortalRouter = () => createBrowserRouter(portalRoutes, { basename: '/portal' });

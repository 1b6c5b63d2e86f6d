import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { Layout } from './Layout';
import { RequireRole, STAFF } from './auth';
import { RouteError } from './RouteError';
import { Loading } from '../components/States';

/** A page module loaded only when its route is visited (one chunk per page). */
const page = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

/** CONTRACT §8: every console route under /console. */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading />,
    children: [
      { index: true, element: <Navigate to="/cases" replace /> },
      { path: 'login', ...page(() => import('../pages/LoginPage')) },
      {
        element: <RequireRole roles={STAFF} />,
        children: [
          { path: 'cases', ...page(() => import('../pages/CasesPage')) },
          { path: 'cases/:id', ...page(() => import('../pages/CasePage')) },
          { path: 'employers/:id', ...page(() => import('../pages/EmployerPage')) },
          { path: 'workers/:nik', ...page(() => import('../pages/WorkerPage')) },
          { path: 'visits', ...page(() => import('../pages/VisitsPage')) },
          { path: 'dashboard', ...page(() => import('../pages/DashboardPage')) },
        ],
      },
      {
        element: <RequireRole roles={['admin', 'supervisor']} />,
        children: [{ path: 'admin/*', ...page(() => import('../pages/admin/AdminPage')) }],
      },
      { path: '*', ...page(() => import('../pages/NotFoundPage')) },
    ],
  },
];

export const createConsoleRouter = () => createBrowserRouter(routes, { basename: '/console' });

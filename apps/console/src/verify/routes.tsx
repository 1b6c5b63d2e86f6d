import { createBrowserRouter, type RouteObject } from 'react-router';
import { RouteError } from '../app/RouteError';
import { Loading } from '../components/States';

/** CONTRACT §8 /verify/{code}: public, no sign-in, its own small router (one lazy chunk). */
export const verifyRoutes: RouteObject[] = [
  {
    path: '/:code',
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading />,
    lazy: async () => ({ Component: (await import('./VerifyPage')).default }),
  },
  {
    path: '*',
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading />,
    lazy: async () => ({ Component: (await import('./VerifyPage')).default }),
  },
];

export const createVerifyRouter = () => createBrowserRouter(verifyRoutes, { basename: '/verify' });

import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { createConsoleRouter } from './routes';
import { createPortalRouter } from '../portal/routes';
import { createVerifyRouter } from '../verify/routes';
import { meQuery } from '../lib/useMe';
import { sessionStore } from './session';

const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8, // enough contrast for white text on primary buttons (WCAG AA)
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  components: {
    // Mantine's dimmed descriptions miss WCAG AA contrast on white; gray.7 meets it.
    InputWrapper: { styles: { description: { color: 'var(--mantine-color-gray-7)' } } },
  },
});

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => {
        const status = (error as { status?: number })?.status;
        return status === undefined || status >= 500 ? count < 1 : false;
      },
    },
  },
});

// Signed in already (a reload, a link): ask for the user's districts while the page's chunk loads.
if (!sessionStore.expired()) void queryClient.prefetchQuery(meQuery);

/**
 * One web app, three routers: the employer portal under /portal, the public letter check under /verify, the
 * inspectors' console under /console.
 */
const path = window.location.pathname;
const router = /^\/portal(\/|$)/.test(path)
  ? createPortalRouter()
  : /^\/verify(\/|$)/.test(path)
    ? createVerifyRouter()
    : createConsoleRouter();

export function App() {
  return (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}

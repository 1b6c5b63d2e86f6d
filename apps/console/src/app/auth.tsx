import { Alert, Container } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { sessionStore, type Role, type Session, type SessionUser } from './session';

export type { Role, SessionUser } from './session';

/** Roles that work cases (CONTRACT §2): inspectors and above. */
export const STAFF: Role[] = ['inspector', 'supervisor', 'admin'];

/** The current session: `user` and `token` are null when signed out. */
export function useSession(): {
  user: SessionUser | null;
  token: string | null;
  session: Session | null;
  signOut: () => void;
  can: (...roles: Role[]) => boolean;
} {
  const session = useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
  const qc = useQueryClient();
  const signOut = useCallback(() => {
    sessionStore.set(null);
    qc.clear();
  }, [qc]);
  const user = session?.user ?? null;
  return {
    user,
    token: session?.token ?? null,
    session,
    signOut,
    can: (...roles: Role[]) => !!user && roles.includes(user.role),
  };
}

/** An employer user in the console: the portal is its place (a full navigation: the portal has its own router). */
function ToPortal() {
  const { t } = useTranslation('common');
  useEffect(() => window.location.replace('/portal'), []);
  return (
    <Container size="sm" py="xl">
      <Alert color="blue" role="status">
        {t('forbidden.employer')}
      </Alert>
    </Container>
  );
}

/** Renders its child routes only for a signed-in user with one of `roles`; else sign-in (and back) or a refusal. */
export function RequireRole({ roles, children }: { roles: Role[]; children?: React.ReactNode }) {
  const { t } = useTranslation('common');
  const { session } = useSession();
  const location = useLocation();
  if (sessionStore.expired(session)) {
    // The stale session is cleared by the sign-in page (clearing it here would re-render before navigating).
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}${session ? '&expired=1' : ''}`} replace />;
  }
  if (session!.user.role === 'employer') return <ToPortal />;
  if (!roles.includes(session!.user.role))
    return (
      <Container size="sm" py="xl">
        <Alert color="orange" title={t('forbidden.title')} role="alert">
          {t('forbidden.body')}
        </Alert>
      </Container>
    );
  return children ?? <Outlet />;
}

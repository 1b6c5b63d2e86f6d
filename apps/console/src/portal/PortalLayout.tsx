import { Alert, AppShell, Button, Container, Group, Text, UnstyledButton } from '@mantine/core';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigation } from 'react-router';
import { setLanguage, type Lang } from '../i18n';
import { useSession } from '../app/auth';
import { sessionStore } from '../app/session';
import { Loading } from '../components/States';

const NAV = [
  { to: '/', label: 'nav.reports', end: true },
  { to: '/cases', label: 'nav.cases', end: false },
  { to: '/notices', label: 'nav.notices', end: false },
  { to: '/keys', label: 'nav.keys', end: false },
];

/** Leaves the portal's router for a page of the console (sign-in): a full navigation. */
function Away({ href }: { href: string }) {
  useEffect(() => window.location.replace(href), [href]);
  return <Loading />;
}

/**
 * The portal's frame: skip link, the firm's menu, language switch, sign-out. Only `employer` users: signed out →
 * the one sign-in page (and back here); staff → a message pointing to the console.
 */
export function PortalLayout() {
  const { t, i18n } = useTranslation('portal');
  const { session, user, signOut } = useSession();
  const location = useLocation();
  const navigation = useNavigation();

  useEffect(() => {
    const lang = new URLSearchParams(location.search).get('lang');
    if (lang === 'en' || lang === 'id') setLanguage(lang);
  }, [location.search]);

  const lang = (i18n.resolvedLanguage ?? 'id') as Lang;
  const other: Lang = lang === 'id' ? 'en' : 'id';

  if (sessionStore.expired(session)) {
    const next = `/portal${location.pathname === '/' ? '' : location.pathname}${location.search}`;
    return <Away href={`/console/login?next=${encodeURIComponent(next)}${session ? '&expired=1' : ''}`} />;
  }

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <a className="skip-link" href="#main">
        {t('common:skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Text fw={700} size="lg" component="span">
              {t('appName')}
            </Text>
            {user?.role === 'employer' && (
              <nav aria-label={t('nav.label')}>
                <Group gap="xs" wrap="nowrap">
                  {NAV.map((n) => (
                    <Button
                      key={n.to}
                      component={NavLink}
                      to={n.to}
                      end={n.end}
                      variant="subtle"
                      size="compact-md"
                    >
                      {t(n.label)}
                    </Button>
                  ))}
                </Group>
              </nav>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <UnstyledButton
              onClick={() => setLanguage(other)}
              lang={other}
              style={{ textDecoration: 'underline' }}
            >
              {t(`common:language.${other}`)}
            </UnstyledButton>
            {user && (
              <>
                <Text size="sm" component="span" visibleFrom="sm">
                  {user.name}
                </Text>
                <Button
                  variant="outline"
                  size="compact-md"
                  onClick={() => {
                    signOut();
                    window.location.assign('/console/login?next=%2Fportal');
                  }}
                >
                  {t('common:action.signOut')}
                </Button>
              </>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <main id="main" tabIndex={-1} aria-busy={navigation.state === 'loading'}>
          {user?.role === 'employer' ? (
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          ) : (
            <Container size="sm" py="xl">
              <Alert color="orange" role="alert">
                <Text fw={700} mb={4}>
                  {t('staff.title')}
                </Text>
                <Text size="sm" mb="sm">
                  {t('staff.body')}
                </Text>
                <Button component="a" href="/console/cases" size="compact-md">
                  {t('staff.link')}
                </Button>
              </Alert>
            </Container>
          )}
        </main>
      </AppShell.Main>
    </AppShell>
  );
}

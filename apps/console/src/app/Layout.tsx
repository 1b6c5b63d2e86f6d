import { AppShell, Button, Group, Text, UnstyledButton } from '@mantine/core';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { setLanguage, type Lang } from '../i18n';
import { useSession, type Role } from './auth';
import { Loading } from '../components/States';

type NavItem = { to: string; label: string; roles: Role[] };
const NAV: NavItem[] = [
  { to: '/cases', label: 'nav.cases', roles: ['inspector', 'supervisor', 'admin'] },
  { to: '/visits', label: 'nav.visits', roles: ['inspector', 'supervisor', 'admin'] },
  { to: '/dashboard', label: 'nav.dashboard', roles: ['inspector', 'supervisor', 'admin'] },
  { to: '/admin', label: 'nav.admin', roles: ['supervisor', 'admin'] },
];

/** The frame of every page: skip link, header with the nav the role may use, language switch, sign-out. */
export function Layout() {
  const { t, i18n } = useTranslation('common');
  const { user, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const navigation = useNavigation();

  // ?lang=en|id on any page switches the language and remembers it.
  useEffect(() => {
    const lang = new URLSearchParams(location.search).get('lang');
    if (lang === 'en' || lang === 'id') setLanguage(lang);
  }, [location.search]);

  const lang = (i18n.resolvedLanguage ?? 'id') as Lang;
  const other: Lang = lang === 'id' ? 'en' : 'id';

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Text fw={700} size="lg" component="span">
              {t('appName')}
            </Text>
            {user && (
              <nav aria-label={t('nav.label')}>
                <Group gap="xs" wrap="nowrap">
                  {NAV.filter((n) => n.roles.includes(user.role)).map((n) => (
                    <Button key={n.to} component={NavLink} to={n.to} variant="subtle" size="compact-md">
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
              {t(`language.${other}`)}
            </UnstyledButton>
            {user && (
              <>
                <Text size="sm" component="span" visibleFrom="sm">
                  {user.name} · {t(`role.${user.role}`)}
                </Text>
                <Button
                  variant="outline"
                  size="compact-md"
                  onClick={() => {
                    signOut();
                    void navigate('/login');
                  }}
                >
                  {t('action.signOut')}
                </Button>
              </>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <main id="main" tabIndex={-1} aria-busy={navigation.state === 'loading'}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </main>
      </AppShell.Main>
    </AppShell>
  );
}

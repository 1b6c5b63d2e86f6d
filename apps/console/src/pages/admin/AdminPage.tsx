import { Button, Container, Group, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { Loading } from '../../components/States';
import './admin.css';

const UsersSection = lazy(() => import('./UsersSection'));
const EmployersSection = lazy(() => import('./EmployersSection'));
const AlertsSection = lazy(() => import('./AlertsSection'));
const SweepsSection = lazy(() => import('./SweepsSection'));

const SECTIONS = [
  { path: 'users', Component: UsersSection },
  { path: 'employers', Component: EmployersSection },
  { path: 'alerts', Component: AlertsSection },
  { path: 'sweeps', Component: SweepsSection },
] as const;

/** CONTRACT §8 /console/admin/... (admin, supervisor): users, employers and keys, alert subscriptions, sweeps. */
export default function AdminPage() {
  const { t } = useTranslation('admin');
  return (
    <Container size="xl">
      <Title order={1}>{t('title')}</Title>
      <nav aria-label={t('sectionsLabel')} className="admin-nav">
        <Group gap="xs" my="md">
          {SECTIONS.map((s) => (
            <Button key={s.path} component={NavLink} to={`/admin/${s.path}`} variant="light" size="sm">
              {t(`sections.${s.path}`)}
            </Button>
          ))}
        </Group>
      </nav>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<Navigate to="users" replace />} />
          {SECTIONS.map(({ path, Component }) => (
            <Route key={path} path={`${path}/*`} element={<Component />} />
          ))}
          <Route path="*" element={<Navigate to="users" replace />} />
        </Routes>
      </Suspense>
    </Container>
  );
}

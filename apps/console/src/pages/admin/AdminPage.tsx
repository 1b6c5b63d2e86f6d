import { Container, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';

/** Placeholder (B1's skeleton); agent B2 replaces it. Nested routes: users, employers, alerts, sweeps. */
const SECTIONS = ['users', 'employers', 'alerts', 'sweeps'] as const;

function Section() {
  const { t } = useTranslation('common');
  return <p>{t('placeholder.body')}</p>;
}

export default function AdminPage() {
  const { t } = useTranslation('common');
  const location = useLocation();
  const navigate = useNavigate();
  const current = SECTIONS.find((s) => location.pathname.startsWith(`/admin/${s}`)) ?? 'users';
  return (
    <Container size="lg">
      <Title order={1}>{t('nav.admin')}</Title>
      <Tabs value={current} onChange={(v) => v && navigate(`/admin/${v}`)} my="md">
        <Tabs.List>
          {SECTIONS.map((s) => (
            <Tabs.Tab key={s} value={s}>
              {t(`placeholder.admin.${s}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        {SECTIONS.map((s) => (
          <Route key={s} path={`${s}/*`} element={<Section />} />
        ))}
      </Routes>
    </Container>
  );
}

import { Alert, Button, Container, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../api/client';
import { sessionStore, tokenExpiry, type SessionUser } from '../app/session';
import { useSession } from '../app/auth';

/** Only in-app paths are followed after sign-in (no open redirect to another site). */
function safeNext(next: string | null): string {
  if (
    !next ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    next.includes('\\') ||
    next.startsWith('/login')
  )
    return '/cases';
  return next.replace(/^\/console(?=\/)/, '');
}

const isPortal = (p: string) => /^\/portal(\/|\?|$)/.test(p);

/**
 * Where a signed-in user goes (CONTRACT §8): an `employer` user to the portal (to `next` when it is a portal page),
 * staff into the console (a portal `next` is not theirs: the queue). The portal has its own router, so going there
 * is a full navigation.
 */
let leaving = false;
function goTo(role: string, next: string, navigate: (to: string, o: { replace: boolean }) => void): void {
  if (role === 'employer') {
    // Once: the sign-in and the re-render it causes both get here, and a second replace would abort the first.
    if (!leaving) window.location.replace(isPortal(next) ? next : '/portal');
    leaving = true;
  } else navigate(isPortal(next) ? '/cases' : next, { replace: true });
}

type LoginBody = { accessToken: string; expiresIn?: number; user: SessionUser };

export default function LoginPage() {
  const { t } = useTranslation('auth');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { user } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);
  const next = safeNext(params.get('next'));
  const expired = params.get('expired') === '1';

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);
  useEffect(() => {
    if (sessionStore.get() && sessionStore.expired()) sessionStore.set(null);
  }, []);

  const signedIn = !!user && !sessionStore.expired();
  useEffect(() => {
    if (signedIn && user?.role === 'employer') goTo('employer', next, () => undefined);
  }, [signedIn, user?.role, next]);
  if (signedIn && user.role !== 'employer') return <Navigate to={isPortal(next) ? '/cases' : next} replace />;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    if (!email.trim() || !password) {
      setError(t('error.missing'));
      return;
    }
    setBusy(true);
    try {
      const r = await api.POST('/api/v1/auth/login', { body: { email: email.trim(), password } });
      if (!r.response.ok) throw new ApiError(r.response.status, null);
      const body = r.data as unknown as LoginBody;
      qc.clear();
      sessionStore.set({
        token: body.accessToken,
        user: body.user,
        expiresAt: tokenExpiry(body.accessToken),
      });
      goTo(body.user.role, next, (to, o) => void navigate(to, o));
    } catch (err) {
      const s = err instanceof ApiError ? err.status : 0;
      setError(
        s === 401
          ? t('error.wrong')
          : s === 429
            ? t('error.tooMany')
            : s === 400
              ? t('error.invalid')
              : s === 0
                ? t('common:error.network')
                : t('common:error.server'),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Container size={420} py="xl">
      <Title order={1} mb="md">
        {t('title')}
      </Title>
      <Paper withBorder p="lg" radius="md">
        <form
          onSubmit={(e) => void submit(e)}
          noValidate
          aria-describedby={error ? 'login-error' : undefined}
        >
          <Stack>
            {expired && !error && (
              <Alert color="blue" role="status">
                {t('expired')}
              </Alert>
            )}
            {error && (
              <Alert color="red" role="alert" id="login-error" ref={errorRef} tabIndex={-1}>
                {error}
              </Alert>
            )}
            <TextInput
              label={t('email')}
              type="email"
              autoComplete="username"
              required
              withAsterisk={false}
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              autoFocus
            />
            <PasswordInput
              label={t('password')}
              autoComplete="current-password"
              required
              withAsterisk={false}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              visibilityToggleButtonProps={{ 'aria-label': t('showPassword') }}
            />
            <Button type="submit" loading={busy}>
              {t('submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}

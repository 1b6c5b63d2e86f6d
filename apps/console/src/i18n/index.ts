import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * i18next with one namespace per area; catalogues in src/locales/<lang>/<ns>.json (bundled: they are small).
 * Indonesian is the default; `?lang=en|id` on any URL switches and is remembered in localStorage.
 * B1: common, auth, cases, evidence, rules. B2: worker, employer, visits, dashboard, admin.
 */
export const LANGS = ['id', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const NAMESPACES = [
  'common',
  'auth',
  'cases',
  'evidence',
  'rules',
  'worker',
  'employer',
  'visits',
  'dashboard',
  'admin',
  'portal',
  'verify',
] as const;

const KEY = 'patuh.lang';
const files = import.meta.glob<Record<string, unknown>>('../locales/*/*.json', {
  eager: true,
  import: 'default',
});

function resources() {
  const res: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [path, catalogue] of Object.entries(files)) {
    const [, lang, ns] = /locales\/(\w+)\/(\w+)\.json$/.exec(path)!;
    (res[lang] ??= {})[ns] = catalogue;
  }
  return res;
}

function initialLang(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'id') {
    localStorage.setItem(KEY, fromUrl);
    return fromUrl;
  }
  const saved = localStorage.getItem(KEY);
  return saved === 'en' ? 'en' : 'id';
}

export function initI18n(): void {
  const lng = initialLang();
  void i18next.use(initReactI18next).init({
    resources: resources(),
    lng,
    fallbackLng: 'id',
    supportedLngs: [...LANGS],
    ns: [...NAMESPACES],
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = lng;
}

/** Switch language now and remember it. */
export function setLanguage(lang: Lang): void {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  if (i18next.language !== lang) void i18next.changeLanguage(lang);
}

/** The language in force ('id' or 'en'). */
export function currentLang(): Lang {
  return i18next.resolvedLanguage === 'en' ? 'en' : 'id';
}

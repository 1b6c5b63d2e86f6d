/**
 * The fault suite (npm run test:faults): the real API and worker as processes against a private Redis (and, for
 * the database outages, a private MariaDB), one scenario at a time. Not part of `npm test`; run by `.ci/run`.
 */
const base = require('./jest.config.js');
const e2e = base.projects.find((p) => p.displayName === 'e2e');

module.exports = {
  testTimeout: 300000,
  projects: [
    {
      ...e2e,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/*.fault-spec.ts'],
    },
  ],
};

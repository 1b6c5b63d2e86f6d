/** The one role rank lives beside the roles, in persistence (libs/cases reads it too). */
export { hasRoleAtLeast, ROLE_RANK, rolesAtLeast } from '@patuh/persistence';

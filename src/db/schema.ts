/** Every table of Steward, re-exported for Drizzle and drizzle-kit. Each module declares its own. */
export * from '../platform/auth/schema.ts';
export * from '../platform/audit/schema.ts';
export * from '../platform/events/schema.ts';
export * from '../modules/identity/schema.ts';
export * from '../platform/keys/schema.ts';
export * from '../modules/service-desk/schema.ts';
export * from '../modules/cmdb/schema.ts';
export * from '../modules/cmdb/software-schema.ts';
export * from '../modules/cmdb/asset-schema.ts';
export * from '../modules/imports/schema.ts';

import type { Knex } from 'knex';
import type { Dialect } from '../dialect.js';
import { foundation } from './0001-foundation.js';
import { backoffice } from './0002-backoffice.js';
import { api } from './0003-api.js';
import { emailAndCapabilities } from './0004-email-and-capabilities.js';
import { rateLimits } from './0005-rate-limits.js';
import { auditChain } from './0006-audit-chain.js';
import { deadlines } from './0007-deadlines.js';
import { teams } from './0008-teams.js';
import { unidentifiedRequests } from './0009-unidentified-requests.js';
import { drafts } from './0011-drafts.js';
import { inboxCounts } from './0012-inbox-counts.js';
import { meldingen } from './0015-meldingen.js';
import { declarativeTypes } from './0016-declarative-types.js';
import { notificationPreferences } from './0017-notification-preferences.js';
import { fees } from './0018-fees.js';
import { payments } from './0019-payments.js';
import { inboxFamilyIndex } from './0021-inbox-family-index.js';
import { deviceChecks } from './0022-device-checks.js';
import { payAfterApproval } from './0023-pay-after-approval.js';
import type { SmartLoketMigration } from './types.js';

export type { MigrationContext, SmartLoketMigration } from './types.js';

/** Every migration, in order. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly SmartLoketMigration[] = [
  foundation,
  backoffice,
  api,
  emailAndCapabilities,
  rateLimits,
  auditChain,
  deadlines,
  teams,
  drafts,
  unidentifiedRequests,
  inboxCounts,
  meldingen,
  declarativeTypes,
  notificationPreferences,
  fees,
  payments,
  inboxFamilyIndex,
  deviceChecks,
  payAfterApproval,
];

/**
 * Runtime-role privileges per table, applied (idempotently) after every `migrate()` on
 * PostgreSQL when the owner and runtime roles differ. The audit log gets SELECT and INSERT
 * only: the application cannot change or remove what it recorded.
 */
export const RUNTIME_PRIVILEGES: Record<string, readonly ('SELECT' | 'INSERT' | 'UPDATE' | 'DELETE')[]> = {
  reference_counters: ['SELECT', 'INSERT', 'UPDATE'],
  requests: ['SELECT', 'INSERT', 'UPDATE'],
  request_events: ['SELECT', 'INSERT'],
  // Kept by the triggers on `requests` (migration 0012), which run as the writer.
  request_counts: ['SELECT', 'INSERT', 'UPDATE'],
  documents: ['SELECT', 'INSERT', 'UPDATE'],
  jobs: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  outbox: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  organisation_grants: ['SELECT', 'INSERT', 'UPDATE'],
  audit_log: ['SELECT', 'INSERT'],
  // The chain head is locked and moved by every audit append; anchors and checkpoints are append-only.
  audit_chain_head: ['SELECT', 'UPDATE'],
  audit_anchors: ['SELECT', 'INSERT'],
  audit_chain_checkpoints: ['SELECT', 'INSERT'],
  settings: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  sessions: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  uploads: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  email_confirmations: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  identity_emails: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  capability_links: ['SELECT', 'INSERT', 'DELETE'],
  backoffice_saved_filters: ['SELECT', 'INSERT', 'DELETE'],
  api_clients: ['SELECT', 'INSERT', 'UPDATE'],
  api_access_tokens: ['SELECT', 'INSERT', 'DELETE'],
  webhook_subscriptions: ['SELECT', 'INSERT', 'UPDATE'],
  webhook_deliveries: ['SELECT', 'INSERT', 'DELETE'],
  rate_limit_windows: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  staff_members: ['SELECT', 'INSERT', 'UPDATE'],
  teams: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  team_request_types: ['SELECT', 'INSERT', 'DELETE'],
  team_members: ['SELECT', 'INSERT', 'DELETE'],
  drafts: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  unidentified_requests: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  device_checks: ['SELECT', 'INSERT', 'DELETE'],
  payments: ['SELECT', 'INSERT', 'UPDATE'],
  report_categories: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  report_places: ['SELECT', 'INSERT', 'UPDATE'],
  report_photos: ['SELECT', 'INSERT', 'DELETE'],
  report_followers: ['SELECT', 'INSERT', 'DELETE'],
  // Versions are never changed once written: a filed request keeps its version.
  request_type_versions: ['SELECT', 'INSERT'],
  request_type_designs: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  notification_preferences: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
};

/** A knex migration source over {@link MIGRATIONS}; no files are read at run time. */
export function migrationSource(dialect: Dialect): Knex.MigrationSource<SmartLoketMigration> {
  return {
    getMigrations: async () => [...MIGRATIONS],
    getMigrationName: (m) => m.name,
    getMigration: async (m) => ({
      up: (knex: Knex) => m.up(knex, { dialect }),
      down: (knex: Knex) => m.down(knex, { dialect }),
    }),
  };
}

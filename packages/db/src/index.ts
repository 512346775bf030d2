export {
  AUDIT_CHAIN_VERSION,
  anchorMessage,
  auditHash,
  type ChainedAuditFields,
  canonicalJson,
  GENESIS_HASH,
  serialiseAuditV1,
} from './audit-chain.js';
export type { RepoContext } from './context.js';
export {
  createRepositories,
  type Database,
  type MigrationProgress,
  type OpenDatabaseOptions,
  openDatabase,
  type Repositories,
  type Tx,
} from './database.js';
export type { Dialect } from './dialect.js';
export { MIGRATIONS, RUNTIME_PRIVILEGES, type SmartLoketMigration } from './migrations/index.js';
export {
  API_SCOPES,
  type ApiClientRecord,
  ApiClientRepository,
  type ApiScope,
  type NewApiClient,
  typeAllowed,
} from './repositories/api-clients.js';
export {
  type AuditActor,
  type AuditCategory,
  type AuditFilter,
  AuditLog,
  type AuditRecord,
  ConsultationAuditRepository,
  type NewAuditEntry,
} from './repositories/audit.js';
export {
  type AnchorTimestamp,
  type AuditAnchor,
  AuditChain,
  type ChainBreak,
  type ChainCheck,
  type ChainCheckpoint,
  type ChainHead,
  type ChainReport,
  type TokenCheck,
  type VerifyChainOptions,
} from './repositories/audit-chain.js';
export {
  BackofficeRepository,
  type InboxCount,
  type InboxFilter,
  type InboxRow,
  type InboxSearch,
  OPEN_STATES,
  type ReportRow,
  type SavedFilterRecord,
  WAITING_FOR_STAFF,
} from './repositories/backoffice.js';
export {
  type DeclarativeOrigin,
  DeclarativeTypeRepository,
  definitionHash,
  type RequestTypeDesignRecord,
  type RequestTypeVersionRecord,
} from './repositories/declarative-types.js';
export { DeviceCheckRepository } from './repositories/device-checks.js';
export { type DocumentRecord, DocumentRepository, type NewDocument } from './repositories/documents.js';
export { type DraftRecord, DraftRepository } from './repositories/drafts.js';
export {
  CapabilityLinkRepository,
  type ConfirmationPurpose,
  type EmailConfirmationRecord,
  EmailConfirmationRepository,
  hashAddress,
  hashToken,
  type IdentityEmailRecord,
  IdentityEmailRepository,
  normaliseEmail,
} from './repositories/email-confirmations.js';
export {
  EventRepository,
  type NewRequestEvent,
  type RequestEventRecord,
  type RequestEventType,
} from './repositories/events.js';
export { type GrantRecord, GrantRepository, type NewGrant } from './repositories/grants.js';
export {
  type BackoffOptions,
  backoffDelay,
  type ClaimOptions,
  DEFAULT_MAX_ATTEMPTS,
  JobQueue,
  type JobRecord,
  type JobState,
  type JobStats,
  type NewJob,
} from './repositories/jobs.js';
export {
  MeldingenRepository,
  type ReportCategoryInput,
  type ReportCategoryRecord,
  type ReportFollowerRecord,
  type ReportListFilter,
  type ReportListItem,
  type ReportPhotoRecord,
  type ReportPlaceRecord,
  type StandardAnswerRecord,
} from './repositories/meldingen.js';
export {
  type NewOutboxMessage,
  type OutboxRecord,
  OutboxRepository,
  type OutboxState,
} from './repositories/outbox.js';
export { decodeCursor, encodeCursor, type Page, type PageRequest } from './repositories/paging.js';
export {
  type NewPayment,
  type PaymentPatch,
  type PaymentRecord,
  PaymentRepository,
  type StoredPaymentStatus,
} from './repositories/payments.js';
export { type NotificationPreferences, PreferencesRepository } from './repositories/preferences.js';
export { RateLimitRepository, type RateLimitWindow } from './repositories/rate-limits.js';
export {
  type NewRequest,
  type RequestFilter,
  type RequestPatch,
  type RequestRecord,
  RequestRepository,
  type TransitionInput,
} from './repositories/requests.js';
export {
  type PurgeOptions,
  type RetentionCategory,
  type RetentionProgress,
  type RetentionResult,
  RetentionService,
  type RetentionTerms,
  type TypeRetentionTerms,
} from './repositories/retention.js';
export { hashSessionId, type SessionRecord, SessionRepository } from './repositories/sessions.js';
export { type SettingRecord, SettingsRepository } from './repositories/settings.js';
export {
  matchesTypePatterns,
  type StaffMemberRecord,
  type TeamInput,
  type TeamRecord,
  TeamRepository,
} from './repositories/teams.js';
export {
  type UnidentifiedDetails,
  type UnidentifiedRecord,
  UnidentifiedRequestRepository,
} from './repositories/unidentified.js';
export { type UploadRecord, UploadRepository } from './repositories/uploads.js';
export {
  type NewWebhookSubscription,
  type WebhookDeliveryRecord,
  WebhookRepository,
  type WebhookSubscriptionRecord,
} from './repositories/webhooks.js';
export { SETTINGS_MAX_AGE_MS, SettingsSnapshot, type SettingsSnapshotOptions } from './settings-snapshot.js';

/**
 * Entity types the app uses, derived from the generated `paths` (not from component names), so they
 * follow the server's OpenAPI spec whatever the generator names its schemas.
 */
import type { paths } from './schema';

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Ok<Op> = Op extends { responses: infer R } ? JsonOf<R[200 & keyof R]> | JsonOf<R[201 & keyof R]> : never;
type ItemOf<P> = P extends { items: (infer T)[] } ? T : never;
/** The JSON body an operation answers with on success. */
export type ResponseOf<P extends keyof paths, M extends keyof paths[P]> = Ok<paths[P][M]>;
/** The JSON body an operation accepts. */
export type BodyOf<P extends keyof paths, M extends keyof paths[P]> =
  paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The query parameters of a GET operation. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;

export type Session = ResponseOf<'/api/v1/auth/session', 'get'>;
export type Me = Session['user'];
export type Organisation = Session['organisation'];
export type Providers = ResponseOf<'/api/v1/auth/providers', 'get'>;
export type Person = ResponseOf<'/api/v1/people/{id}', 'get'>;
export type CreatedPerson = ResponseOf<'/api/v1/people', 'post'>;
export type PeopleQuery = QueryOf<'/api/v1/people'>;
export type Team = ItemOf<ResponseOf<'/api/v1/teams', 'get'>>;
export type TeamDetail = ResponseOf<'/api/v1/teams/{id}', 'get'>;
export type Department = ItemOf<ResponseOf<'/api/v1/departments', 'get'>>;
export type Role = ItemOf<ResponseOf<'/api/v1/roles', 'get'>>;
/** A permission name as the API accepts it in role permissions and token scopes. */
export type PermissionKey = BodyOf<'/api/v1/roles', 'post'>['permissions'][number];
export type PermissionInfo = ResponseOf<'/api/v1/permissions', 'get'>['items'][number];
export type ApiToken = ItemOf<ResponseOf<'/api/v1/api-tokens', 'get'>>;
export type AuditEvent = ItemOf<ResponseOf<'/api/v1/audit-events', 'get'>>;
export type AuditQuery = QueryOf<'/api/v1/audit-events'>;
export type Ticket = ItemOf<ResponseOf<'/api/v1/tickets', 'get'>>;
export type TicketDetail = ResponseOf<'/api/v1/tickets/{id}', 'get'>;
export type TicketsQuery = QueryOf<'/api/v1/tickets'>;
export type TicketPatch = BodyOf<'/api/v1/tickets/{id}', 'patch'>;
export type NewTicket = BodyOf<'/api/v1/tickets', 'post'>;
export type TicketComment = ItemOf<ResponseOf<'/api/v1/tickets/{id}/comments', 'get'>>;
export type TicketHistoryEntry = ItemOf<ResponseOf<'/api/v1/tickets/{id}/history', 'get'>>;
export type TicketType = Ticket['type'];
export type TicketStatus = Ticket['status'];
export type Level = Ticket['impact'];
export type PendingReason = NonNullable<Ticket['pendingReason']>;
export type ResolutionCode = NonNullable<Ticket['resolutionCode']>;
export type TicketSla = Ticket['sla'];
export type SlaClock = NonNullable<TicketSla['response']>;
export type Category = ItemOf<ResponseOf<'/api/v1/categories', 'get'>>;
export type DeskSettings = ResponseOf<'/api/v1/desk/settings', 'get'>;

/** A cursor page as every list endpoint returns it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export type CatalogItem = ResponseOf<'/api/v1/catalog-items/{id}', 'get'>;
export type CatalogItemBody = BodyOf<'/api/v1/catalog-items', 'post'>;
export type FormField = CatalogItem['form'][number];
export type FormFieldType = FormField['type'];
export type ApprovalLevel = CatalogItem['approvals'][number];
export type TaskTemplate = CatalogItem['tasks'][number];
export type Approval = ItemOf<ResponseOf<'/api/v1/approvals', 'get'>>;
export type FulfilmentTask = ItemOf<ResponseOf<'/api/v1/tickets/{id}/tasks', 'get'>>;
export type BusinessCalendar = ResponseOf<'/api/v1/business-calendars/{id}', 'get'>;
export type CalendarSpec = BusinessCalendar['spec'];
export type SlaPolicy = ResponseOf<'/api/v1/sla-policies/{id}', 'get'>;
export type SlaPolicyBody = BodyOf<'/api/v1/sla-policies', 'post'>;
export type SlaEscalation = SlaPolicy['escalations'][number];
export type SavedView = ItemOf<ResponseOf<'/api/v1/ticket-views', 'get'>>;
export type BulkChanges = BodyOf<'/api/v1/tickets/bulk', 'post'>['changes'];
export type GroupSettings = ResponseOf<'/api/v1/desk/groups/{id}', 'get'>;
export type ConfigurationItem = ResponseOf<'/api/v1/configuration-items/{id}', 'get'>;
export type CiQuery = QueryOf<'/api/v1/configuration-items'>;
export type NewCi = BodyOf<'/api/v1/configuration-items', 'post'>;
export type CiPatch = BodyOf<'/api/v1/configuration-items/{id}', 'patch'>;
export type CiStatus = ConfigurationItem['status'];
export type CiEnvironment = NonNullable<ConfigurationItem['environment']>;
export type CiHosting = NonNullable<ConfigurationItem['hosting']>;
export type Criticality = NonNullable<ConfigurationItem['criticality']>;
export type CiRef = TicketDetail['affectedCis'][number];
export type CiRelationship = ItemOf<ResponseOf<'/api/v1/configuration-items/{id}/relationships', 'get'>>;
export type RelationshipName = CiRelationship['name'];
export type ImpactReport = ResponseOf<'/api/v1/configuration-items/{id}/impact', 'get'>;
export type ImpactItem = ImpactReport['items'][number];
export type CiHistoryEntry = ItemOf<ResponseOf<'/api/v1/configuration-items/{id}/history', 'get'>>;
export type CiClass = ResponseOf<'/api/v1/ci-classes/{id}', 'get'>;
export type CiAttribute = CiClass['attributes'][number];
export type CiAttributeDefinition = CiClass['customAttributes'][number];
export type CiAttributeType = CiAttribute['type'];
export type NewCiClass = BodyOf<'/api/v1/ci-classes', 'post'>;
export type CiClassPatch = BodyOf<'/api/v1/ci-classes/{id}', 'patch'>;

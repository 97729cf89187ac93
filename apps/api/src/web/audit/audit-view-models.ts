import type { AccessView } from '../../audit/access-log/access-log-entry.js';
import type { AccessLogEntryView, AsAtView, HistoryEntryView, HistoryView } from '../../audit/http/audit-views.dto.js';
import { isStrictIsoDate } from '../../children/dto/date-validators.js';
import type { Role } from '../../auth/principal.js';
import { eventLabel, humanise } from '../journey-map/journey-labels.js';
import { ROLE_LABELS } from '../login.controller.js';
import { codeWithLabel, eventFacts, type EventFact, trackLabel } from './event-details.js';
import { CATEGORIES_OF_ABUSE, LEGAL_STATUSES, PLACEMENT_TYPES } from '@cje/journey';

export interface ActorItem {
  readonly userId: string;
  readonly role: string;
  readonly team: string;
}

export interface CorrectionNoteItem {
  readonly kind: 'Corrected' | 'Voided';
  readonly anchor: string;
  readonly recordedAt: string;
  readonly occurredAt: string;
  readonly actor: ActorItem;
  readonly reason: string;
  readonly applied: boolean;
  /** What the correction changed the effective date to (corrections that change it). */
  readonly correctedOccurredAt: string | null;
}

export interface HistoryItem {
  readonly anchor: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly label: string;
  readonly status: string;
  readonly tag: { readonly text: string; readonly classes: string } | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: ActorItem;
  readonly facts: readonly EventFact[];
  /** Corrected or voided events: as first recorded (kept), and as it stands now (null once voided). */
  readonly original: { readonly occurredAt: string; readonly facts: readonly EventFact[] } | null;
  readonly current: { readonly occurredAt: string; readonly facts: readonly EventFact[] } | null;
  readonly notes: readonly CorrectionNoteItem[];
  /** Corrections and voids: the event acted on. */
  readonly corrects: { readonly label: string; readonly anchor: string | null; readonly eventId: string } | null;
  readonly reason: string | null;
  readonly correction: boolean;
}

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? humanise(role);
}

const actorOf = (a: { userId: string; role: string; team: string }): ActorItem => ({ userId: a.userId, role: roleLabel(a.role), team: a.team });

const anchorOf = (revision: number): string => `event-${revision}`;

const STATUS_TAGS: Readonly<Record<string, { text: string; classes: string }>> = {
  corrected: { text: 'Corrected', classes: 'govuk-tag--orange' },
  voided: { text: 'Voided', classes: 'govuk-tag--red' },
  correction: { text: 'Correction', classes: 'govuk-tag--yellow' },
};

/** The history as the page shows it: every event as recorded, corrections shown in their place and against their target. */
export function historyItems(history: HistoryView): HistoryItem[] {
  const revisionOf = new Map(history.entries.map((e) => [e.eventId, e.revision]));
  return history.entries.map((entry: HistoryEntryView): HistoryItem => {
    const correction = entry.status === 'correction';
    const target = entry.corrects ? revisionOf.get(entry.corrects.eventId) : undefined;
    return {
      anchor: anchorOf(entry.revision),
      revision: entry.revision,
      eventId: entry.eventId,
      type: entry.type,
      label: correction ? `${entry.type === 'EventVoided' ? 'Void of' : 'Correction to'} ${eventLabel(entry.corrects?.type ?? 'an event')}` : eventLabel(entry.type),
      status: entry.status,
      tag: STATUS_TAGS[entry.status] ?? null,
      occurredAt: entry.occurredAt,
      recordedAt: entry.recordedAt,
      actor: actorOf(entry.actor),
      facts: correction ? [] : eventFacts(entry.type, entry.data),
      original: entry.original ? { occurredAt: entry.original.occurredAt, facts: eventFacts(entry.type, entry.original.data) } : null,
      current: entry.current ? { occurredAt: entry.current.occurredAt, facts: eventFacts(entry.type, entry.current.data) } : null,
      notes: (entry.corrections ?? []).map((n) => ({
        kind: n.type === 'EventVoided' ? 'Voided' : 'Corrected',
        anchor: anchorOf(revisionOf.get(n.eventId) ?? -1),
        recordedAt: n.recordedAt,
        occurredAt: n.occurredAt,
        actor: actorOf(n.actor),
        reason: n.reason,
        applied: n.applied,
        correctedOccurredAt: n.correctedOccurredAt ?? null,
      })),
      corrects: entry.corrects ? { label: eventLabel(entry.corrects.type), anchor: target === undefined ? null : anchorOf(target), eventId: entry.corrects.eventId } : null,
      reason: entry.reason ?? null,
      correction,
    };
  });
}

/** The case as it stood, in words. */
export function asAtSummary(view: AsAtView): { label: string; value: string }[] {
  const rows: { label: string; value: string }[] = [
    { label: 'Stage', value: view.stageLabel },
    { label: 'Open parts of the journey', value: view.openTracks.length > 0 ? view.openTracks.map(trackLabel).join(', ') : 'None' },
    {
      label: 'Episode',
      value: view.episodeNumber === null ? `None open (${view.closedEpisodes} closed)` : `Episode ${view.episodeNumber}${view.reReferral ? ', a re-referral' : ''}`,
    },
    { label: 'Allocated to', value: view.allocation ? `${view.allocation.workerId}, team ${view.allocation.teamId}` : 'Not allocated' },
  ];
  if (view.cppCategory) rows.push({ label: 'Category of abuse', value: codeWithLabel(CATEGORIES_OF_ABUSE, view.cppCategory) });
  if (view.childProtectionPlanNumber !== null) rows.push({ label: 'Child protection plan number', value: String(view.childProtectionPlanNumber) });
  if (view.lookedAfterLegalStatus) rows.push({ label: 'Legal status', value: codeWithLabel(LEGAL_STATUSES, view.lookedAfterLegalStatus) });
  if (view.placementType) rows.push({ label: 'Placement type', value: codeWithLabel(PLACEMENT_TYPES, view.placementType) });
  return rows;
}

export function keyDateRows(view: AsAtView): { label: string; date: string }[] {
  return Object.entries(view.keyDates)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([key, date]) => ({ label: humanise(key), date }));
}

export const ACCESS_VIEW_LABELS: Readonly<Record<AccessView, string>> = {
  record: 'Case record',
  history: 'Case history',
  'as-at': 'Case as at a date',
  'subject-access': 'Subject access export',
  integrity: 'Integrity check',
  'access-log': 'Access log',
};

export function accessLogRows(entries: readonly AccessLogEntryView[]): (AccessLogEntryView & { viewLabel: string; roleLabel: string })[] {
  return entries.map((e) => ({ ...e, viewLabel: ACCESS_VIEW_LABELS[e.view as AccessView] ?? humanise(e.view), roleLabel: roleLabel(e.role) }));
}

export interface FieldError {
  readonly field: string;
  readonly text: string;
}

/** A date from the GOV.UK date input's three fields (day, month, year); or none when all are blank. */
export function dateFromParts(field: string, name: string, parts: { day?: unknown; month?: unknown; year?: unknown }): { date?: string; error?: FieldError } {
  const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
  const [day, month, year] = [text(parts.day), text(parts.month), text(parts.year)];
  if (!day && !month && !year) return {};
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean);
  if (missing.length > 0) return { error: { field, text: `${name} must include a ${missing.join(' and a ')}` } };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { error: { field, text: `${name} must be a real date, for example 15 1 2025` } };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isStrictIsoDate(iso)) return { error: { field, text: `${name} must be a real date, for example 15 1 2025` } };
  return { date: iso };
}

/** `?before=` of a paged list: a positive whole number, or nothing. */
export function beforeParam(value: unknown): { before?: number; error?: string } {
  if (value === undefined || value === '') return {};
  if (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)) return { before: Number(value) };
  return { error: 'before must be a whole number of 1 or more (the entry to page back from).' };
}

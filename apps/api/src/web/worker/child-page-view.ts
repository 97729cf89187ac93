import { CATEGORIES_OF_ABUSE, type CodeEntry, LEGAL_STATUSES, PLACEMENT_TYPES, type JourneyTrack } from '@cje/journey';
import type { HistoryEntryView } from '../../audit/http/audit-views.dto.js';
import { formFieldsOf, labelFromName, type FormFieldSchema } from '../../children/dto/form-schema.js';
import type { ChildView, DeadlineView } from '../../children/dto/child-view.dto.js';
import { COMMAND_ROUTES } from '../../children/http/command-routes.js';
import { ROLE_LABELS } from '../login.controller.js';
import { govukDate, govukDateTime } from '../web-renderer.js';
import { nestedFields } from './form-body.js';
import { actionLabel, codeWithLabel, eventLabel, KEY_DATE_LABELS, routeByPath, routeByType, STANDARD_LABELS, TRACK_LABELS } from './worker-labels.js';

/** A row of a GOV.UK summary list. */
export interface SummaryRow {
  readonly key: { readonly text: string };
  readonly value: { readonly text?: string; readonly html?: string };
}

const row = (key: string, text: string): SummaryRow => ({ key: { text: key }, value: { text } });

export const childHref = (childId: string) => `/app/children/${encodeURIComponent(childId)}`;
export const actionHref = (childId: string, path: string) => `${childHref(childId)}/actions/${path}`;

/** The banner after an action: `?recorded=<command path>` (or `new-child` after a contact opened the record). */
export function recordedBanner(recorded: unknown): string | null {
  if (typeof recorded !== 'string' || recorded === '') return null;
  if (recorded === 'new-child') return 'Recorded: the contact, in a new record for this child';
  const route = routeByPath(recorded);
  return route ? `Recorded: ${actionLabel(route)}` : null;
}

/** Overdue or open, in words (never colour alone), with how late in working days. */
export function deadlineStatus(d: Pick<DeadlineView, 'status' | 'workingDaysOverdue' | 'daysOverdue'>): { tag: string; overdue: boolean; detail: string } {
  if (d.status === 'overdue') {
    const days = d.workingDaysOverdue;
    return { tag: 'Overdue', overdue: true, detail: `${days} working ${days === 1 ? 'day' : 'days'} overdue (${d.daysOverdue} calendar ${d.daysOverdue === 1 ? 'day' : 'days'})` };
  }
  return { tag: 'Open', overdue: false, detail: 'Not yet due' };
}

export function sourceText(d: Pick<DeadlineView, 'standard' | 'source'>): string {
  const standard = STANDARD_LABELS[d.standard] ?? d.standard;
  return d.source ? `${standard}: ${d.source}` : standard;
}

/** Every code list a command body names a field with, by field name: to show recorded codes with their labels. */
let codeListsByField: Map<string, CodeEntry[][]> | undefined;

function codeLists(): Map<string, CodeEntry[][]> {
  if (codeListsByField) return codeListsByField;
  const byField = new Map<string, CodeEntry[][]>();
  const visit = (fields: readonly FormFieldSchema[]) => {
    for (const field of fields) {
      if (field.codes) byField.set(field.name, [...(byField.get(field.name) ?? []), [...field.codes]]);
      if (field.kind === 'nested') visit(nestedFields(field));
    }
  };
  for (const route of COMMAND_ROUTES) visit(formFieldsOf(route.body));
  codeListsByField = byField;
  return byField;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Recorded values whose form asks a question ("Has the child been born?") rather than offering a code list. */
const VALUE_LABELS: Readonly<Record<string, readonly CodeEntry[]>> = {
  status: [
    { code: 'BORN', label: 'Born' },
    { code: 'UNBORN', label: 'Unborn' },
  ],
};

/** Data the page says already (whose record it is). */
const NOT_SHOWN: ReadonlySet<string> = new Set(['childId']);

const withoutChildId = (data: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.entries(data).filter(([k]) => !NOT_SHOWN.has(k)));

/** A recorded value in words: codes with their labels, yes/no, dates in the GOV.UK style, objects field by field. */
export function describeValue(name: string, value: unknown): string {
  if (value === null || value === undefined) return 'Not known';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (ISO_DATE.test(value)) return govukDate(value);
    const list = [VALUE_LABELS[name] ?? [], ...(codeLists().get(name) ?? [])].find((l) => l.some((e) => e.code === value));
    return list ? (codeWithLabel(list, value) ?? value) : value;
  }
  if (Array.isArray(value)) return value.length === 0 ? 'None' : value.map((v) => describeValue(name, v)).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${labelFromName(k)}: ${describeValue(k, v)}`)
      .join('; ');
  }
  return JSON.stringify(value);
}

export interface TimelineItem {
  readonly eventId: string;
  readonly title: string;
  /** recorded, corrected, voided, or correction (a correction or void itself). */
  readonly status: string;
  /** The tag beside the title, in words. */
  readonly tag: string | null;
  readonly occurredOn: string;
  readonly recorded: string;
  readonly by: string;
  readonly details: readonly SummaryRow[];
  readonly notes: readonly string[];
  readonly correctHref: string | null;
  readonly voidHref: string | null;
}

const actorText = (a: { userId: string; role: string; team: string }) =>
  `${a.userId} (${ROLE_LABELS[a.role as keyof typeof ROLE_LABELS] ?? a.role.replace(/_/g, ' ')}, team ${a.team})`;

/** The child's history, newest first, corrections and voids marked in words and shown against what they change. */
export function timelineItems(entries: readonly HistoryEntryView[], childId: string, allowed: ReadonlySet<string>): TimelineItem[] {
  return [...entries].reverse().map((entry) => {
    const shown = entry.current ?? entry;
    const data = entry.status === 'correction' ? {} : shown.data;
    const notes: string[] = [];
    if (entry.status === 'correction' && entry.corrects) {
      notes.push(`${entry.type === 'EventVoided' ? 'Voids' : 'Corrects'} “${eventLabel(entry.corrects.type)}” (event ${entry.corrects.eventId}). Reason: ${entry.reason ?? ''}`);
    }
    for (const note of entry.corrections ?? []) {
      const verb = note.type === 'EventVoided' ? 'Voided' : 'Corrected';
      notes.push(`${verb} ${govukDateTime(note.recordedAt)} by ${actorText(note.actor)}. Reason: ${note.reason}${note.applied ? '' : ' (not applied: it names another type of event)'}`);
    }
    if (entry.status === 'corrected' && entry.original) {
      notes.push(`First recorded as happening on ${govukDate(entry.original.occurredAt)}: ${describeValue('', withoutChildId(entry.original.data))}`);
    }
    const actionable = entry.status === 'recorded' || entry.status === 'corrected';
    return {
      eventId: entry.eventId,
      title: eventLabel(entry.type),
      status: entry.status,
      tag: entry.status === 'corrected' ? 'Corrected' : entry.status === 'voided' ? 'Voided' : entry.status === 'correction' ? (entry.type === 'EventVoided' ? 'Void' : 'Correction') : null,
      occurredOn: govukDate(shown.occurredAt),
      recorded: govukDateTime(entry.recordedAt),
      by: actorText(entry.actor),
      details: Object.entries(data)
        .filter(([k]) => !NOT_SHOWN.has(k))
        .map(([k, v]) => row(labelFromName(k), describeValue(k, v))),
      notes,
      correctHref: actionable && allowed.has('CorrectEvent') ? `${actionHref(childId, 'correct-event')}?eventId=${encodeURIComponent(entry.eventId)}` : null,
      voidHref: actionable && allowed.has('VoidEvent') ? `${actionHref(childId, 'void-event')}?eventId=${encodeURIComponent(entry.eventId)}` : null,
    };
  });
}

export interface ChildPageView {
  readonly childId: string;
  readonly stageLabel: string;
  readonly summary: readonly SummaryRow[];
  readonly keyDates: readonly SummaryRow[];
  readonly deadlines: readonly {
    readonly name: string;
    readonly dueOn: string;
    readonly startedOn: string;
    readonly status: ReturnType<typeof deadlineStatus>;
    readonly source: string;
  }[];
  readonly actions: readonly { readonly text: string; readonly href: string }[];
  readonly corrections: readonly { readonly text: string; readonly href: string }[];
  readonly asOf: string;
  readonly incomplete: boolean;
}

const CORRECTING: ReadonlySet<string> = new Set(['CorrectEvent', 'VoidEvent']);

export function childPageView(view: ChildView): ChildPageView {
  const tracks = view.openTracks.map((t) => TRACK_LABELS[t as JourneyTrack] ?? t);
  const summary: SummaryRow[] = [
    row('Stage', view.stageLabel),
    row('Open', tracks.length > 0 ? tracks.join(', ') : 'Nothing open'),
    row('Allocated to', view.allocation ? `${view.allocation.workerId}, team ${view.allocation.teamId}` : 'Not allocated'),
    row('Responsible team', view.owningTeam),
  ];
  if (view.episodeNumber !== null) summary.push(row('Episode', `${view.episodeNumber}${view.reReferral ? ' (a re-referral within 12 months)' : ''}`));
  if (view.cppCategory) summary.push(row('Category of abuse', codeWithLabel(CATEGORIES_OF_ABUSE, view.cppCategory) ?? ''));
  if (view.childProtectionPlanNumber !== null && view.cppCategory) summary.push(row('Child protection plan number', String(view.childProtectionPlanNumber)));
  if (view.lookedAfterLegalStatus) summary.push(row('Legal status', codeWithLabel(LEGAL_STATUSES, view.lookedAfterLegalStatus) ?? ''));
  if (view.placementType) summary.push(row('Placement', codeWithLabel(PLACEMENT_TYPES, view.placementType) ?? ''));
  const keyDates = KEY_DATE_LABELS.flatMap(([key, label]) => {
    const value = view.keyDates[key];
    return value ? [row(label, govukDate(value))] : [];
  });
  const link = (type: string) => {
    const route = routeByType(type);
    return route ? [{ text: actionLabel(route), href: actionHref(view.childId, route.path) }] : [];
  };
  return {
    childId: view.childId,
    stageLabel: view.stageLabel,
    summary,
    keyDates,
    deadlines: view.deadlines.map((d) => ({ name: d.name, dueOn: govukDate(d.dueOn), startedOn: govukDate(d.startedOn), status: deadlineStatus(d), source: sourceText(d) })),
    actions: view.allowedCommands.filter((t) => !CORRECTING.has(t)).flatMap(link),
    corrections: view.allowedCommands.filter((t) => CORRECTING.has(t)).flatMap(link),
    asOf: govukDate(view.asOf),
    incomplete: view.incomplete,
  };
}

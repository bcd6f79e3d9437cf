/**
 * A ticket's two SLA clocks (first response, resolution) from its SLA, its opening time and its
 * pauses. Pending time stops both clocks; the time a ticket spent resolved before it was reopened
 * stops the resolution clock. Pure: the service stores what this returns.
 */
import {
  businessMinutesLeft,
  elapsedBusinessMinutes,
  startTimer,
  timerState,
  type BusinessCalendar,
  type Pause,
  type TimerState,
} from "../../domain/business-clock.js";
import type { TicketPriority } from "../../domain/ticket.js";
import type { SlaRecord } from "../../repositories/slas.js";
import type { TicketRecord } from "../../repositories/tickets.js";

export type StoredPauseLike = Pause & { reason: "pending" | "resolved" };

/** Without any SLA (cannot happen once defaults exist) the clock runs 24/7 in UTC. */
export function calendarOf(sla: SlaRecord | undefined): BusinessCalendar {
  return sla ? { timeZone: sla.timeZone, workingHours: sla.workingHours } : { timeZone: "UTC", workingHours: [] };
}

export function targetsOf(sla: SlaRecord | undefined, priority: TicketPriority): { response: number; resolution: number } {
  if (!sla) return { response: 24 * 60, resolution: 5 * 24 * 60 };
  return { response: sla.responseMinutes[priority], resolution: sla.resolutionMinutes[priority] };
}

const responsePauses = (pauses: readonly StoredPauseLike[]) => pauses.filter((p) => p.reason === "pending");

export type Clocks = {
  responseDueAt: Date;
  responseAtRiskAt: Date;
  resolutionDueAt: Date;
  resolutionAtRiskAt: Date;
};

/**
 * The pauses as a clock stopped at `stoppedAt` sees them: those after it do not matter, and one
 * still open (or lasting past it) ends there — a first response given while the ticket is pending
 * is measured against the target with the pause up to that moment excluded.
 */
export function clipPauses<P extends StoredPauseLike>(pauses: readonly P[], stoppedAt: Date | null | undefined): P[] {
  if (!stoppedAt) return [...pauses];
  return pauses.filter((p) => p.from < stoppedAt).map((p) => (p.to === null || p.to > stoppedAt ? { ...p, to: stoppedAt } : p));
}

/**
 * Due and at-risk instants of both clocks. A clock already stopped (`stopped.response`: the first
 * response, `stopped.resolution`: the resolution) sees its pauses clipped there, so met / missed
 * agrees with the minutes recorded when it stopped, whatever is recomputed later.
 */
export function computeClocks(
  cal: BusinessCalendar,
  openedAt: Date,
  targets: { response: number; resolution: number },
  pauses: readonly StoredPauseLike[],
  stopped: { response?: Date | null; resolution?: Date | null } = {},
): Clocks {
  const response = startTimer(cal, openedAt, targets.response, clipPauses(responsePauses(pauses), stopped.response));
  const resolution = startTimer(cal, openedAt, targets.resolution, clipPauses(pauses, stopped.resolution));
  return {
    responseDueAt: response.dueAt,
    responseAtRiskAt: response.atRiskAt,
    resolutionDueAt: resolution.dueAt,
    resolutionAtRiskAt: resolution.atRiskAt,
  };
}

/** Business minutes to first response at `at` (pending time excluded), rounded. */
export function minutesToRespond(cal: BusinessCalendar, openedAt: Date, pauses: readonly StoredPauseLike[], at: Date): number {
  return Math.round(elapsedBusinessMinutes(cal, openedAt, responsePauses(pauses), at));
}

/** Business minutes to resolution at `at` (pending and earlier resolved time excluded), rounded. */
export function minutesToResolve(cal: BusinessCalendar, openedAt: Date, pauses: readonly StoredPauseLike[], at: Date): number {
  return Math.round(elapsedBusinessMinutes(cal, openedAt, pauses, at));
}

export type TicketTimes = Pick<
  TicketRecord,
  | "responseTargetMinutes"
  | "resolutionTargetMinutes"
  | "responseDueAt"
  | "responseAtRiskAt"
  | "resolutionDueAt"
  | "resolutionAtRiskAt"
  | "pausedAt"
  | "firstResponseAt"
  | "resolvedAt"
>;

/** On track, at risk, breached (or met / missed once stopped), for response and for resolution. */
export function ticketTimerStates(t: TicketTimes, now: Date): { response: TimerState; resolution: TimerState } {
  return {
    response: timerState(
      { targetMinutes: t.responseTargetMinutes, dueAt: t.responseDueAt, atRiskAt: t.responseAtRiskAt, pausedAt: t.pausedAt, stoppedAt: t.firstResponseAt },
      now,
    ),
    resolution: timerState(
      { targetMinutes: t.resolutionTargetMinutes, dueAt: t.resolutionDueAt, atRiskAt: t.resolutionAtRiskAt, pausedAt: t.pausedAt, stoppedAt: t.resolvedAt },
      now,
    ),
  };
}

/** One SLA timer as people see it: its state, when it is (or was) due, and the business minutes left (negative: overdue). */
export type TimerView = { state: TimerState; dueAt: Date; minutesLeft: number };

/** Both timers of a ticket for display, measured on the ticket's SLA calendar at `now`. */
export function ticketTimers(t: TicketTimes, cal: BusinessCalendar, now: Date): { response: TimerView; resolution: TimerView } {
  const states = ticketTimerStates(t, now);
  const left = (targetMinutes: number, dueAt: Date, atRiskAt: Date, stoppedAt: Date | null) =>
    Math.round(businessMinutesLeft(cal, { targetMinutes, dueAt, atRiskAt, pausedAt: t.pausedAt, stoppedAt }, now));
  return {
    response: {
      state: states.response,
      dueAt: t.responseDueAt,
      minutesLeft: left(t.responseTargetMinutes, t.responseDueAt, t.responseAtRiskAt, t.firstResponseAt),
    },
    resolution: {
      state: states.resolution,
      dueAt: t.resolutionDueAt,
      minutesLeft: left(t.resolutionTargetMinutes, t.resolutionDueAt, t.resolutionAtRiskAt, t.resolvedAt),
    },
  };
}

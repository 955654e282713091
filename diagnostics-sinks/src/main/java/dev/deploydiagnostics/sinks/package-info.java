/**
 * Delivery of reports to where a team lives: Slack, Microsoft Teams, PagerDuty, Jira Cloud and signed webhooks,
 * with de-duplication, suppression of repeats, mutes, retries and resolution handled by {@link
 * dev.deploydiagnostics.sinks.ReportDispatcher}. Nothing here accepts or returns null.
 */
package dev.deploydiagnostics.sinks;

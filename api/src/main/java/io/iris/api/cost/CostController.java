package io.iris.api.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iris.activities.cost.SpendReports;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spend (issue 11), from the hourly roll-ups: an admin key sees every tenant (or one, with {@code
 * tenantId}); a tenant key sees its own only.
 */
@RestController
class CostController {

  /** Where the period's spend went against the period of the same length before it. */
  record TrendView(
      @Schema(allowableValues = {"up", "down", "flat"}) String direction,
      BigDecimal previousUsd,
      @JsonInclude(JsonInclude.Include.ALWAYS)
          @Schema(nullable = true, description = "null when the previous period spent nothing")
          Double changePercent) {}

  /**
   * A period's spend.
   *
   * @param from the period's start, widened down to a whole hour
   * @param to its end (exclusive), widened up to a whole hour
   */
  record SummaryView(
      Instant from,
      Instant to,
      BigDecimal totalUsd,
      long messages,
      Map<String, BigDecimal> byChannel,
      @Schema(description = "\"none\" for messages that ended before reaching a provider")
          Map<String, BigDecimal> byProvider,
      Map<String, BigDecimal> byTenant,
      @Schema(description = "by metadata.campaignId; messages without one are not listed")
          Map<String, BigDecimal> byCampaign,
      BigDecimal todayUsd,
      BigDecimal forecastTodayUsd,
      BigDecimal monthToDateUsd,
      TrendView trend) {}

  private final SpendReports reports;
  private final Clock clock;

  CostController(SpendReports reports, Clock clock) {
    this.reports = reports;
    this.clock = clock;
  }

  @Operation(summary = "Spend by channel, provider, tenant and campaign, today and month to date")
  @GetMapping("/v1/cost/summary")
  SummaryView summary(
      ApiPrincipal principal,
      @Parameter(
              description =
                  "start: an ISO-8601 instant (2026-12-01T00:00:00Z) or a UTC date (2026-12-01);"
                      + " default the first of this month")
          @RequestParam
          Optional<String> from,
      @Parameter(
              description =
                  "end, exclusive: an instant, or a date (that day included); default now")
          @RequestParam
          Optional<String> to,
      @Parameter(description = "one tenant (admin); a tenant key sees only its own") @RequestParam
          Optional<UUID> tenantId) {
    Optional<UUID> tenant = tenantId;
    if (tenant.isPresent()) {
      principal.requireAccessTo(tenant.get());
    } else if (!principal.isAdmin()) {
      tenant = principal.tenantId();
    }
    Instant now = clock.instant();
    Instant start =
        from.map(f -> instant("from", f, false))
            .orElse(
                LocalDate.ofInstant(now, ZoneOffset.UTC)
                    .withDayOfMonth(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant());
    Instant end = to.map(t -> instant("to", t, true)).orElse(now);
    if (!start.isBefore(end)) {
      throw ApiProblem.invalidParameter("from", "must be before 'to' (" + end + ")");
    }
    SpendReports.Summary s = reports.summary(start, end, tenant);
    return new SummaryView(
        s.from(),
        s.to(),
        s.totalUsd(),
        s.messages(),
        s.byChannel(),
        s.byProvider(),
        s.byTenant(),
        s.byCampaign(),
        s.todayUsd(),
        s.forecastTodayUsd(),
        s.monthToDateUsd(),
        new TrendView(s.trend().direction(), s.trend().previousUsd(), s.trend().changePercent()));
  }

  /** An instant, or a UTC date: its start, or for an end the start of the next day. */
  static Instant instant(String name, String text, boolean end) {
    String t = text.trim();
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException notAnInstant) {
      try {
        LocalDate day = LocalDate.parse(t);
        return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notADate) {
        throw ApiProblem.invalidParameter(
            name, "must be an ISO-8601 instant (2026-12-01T00:00:00Z) or a date (2026-12-01)");
      }
    }
  }
}

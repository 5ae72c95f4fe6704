/**
 * The routing context's pure core (issue 9, seed 000 §7): {@link
 * io.iris.workflows.routing.HealthScoring} turns a provider's window figures ({@link
 * io.iris.workflows.routing.ProviderMetrics}) into a {@link io.iris.workflows.routing.HealthScore};
 * {@link io.iris.workflows.routing.Router} turns the channel's scored candidates, the tenant's
 * {@link io.iris.workflows.routing.TenantRequirements} and the {@link
 * io.iris.workflows.routing.RoutingPolicy} into a {@link io.iris.workflows.routing.RouteDecision}
 * with its reason. No clock, no randomness, no I/O: the activities that read metrics and the
 * workflows that evaluate health call these.
 *
 * <p>Failover and fail-back travel as data too: a {@link io.iris.workflows.routing.FailoverRequest}
 * (with its {@link io.iris.workflows.routing.FailoverTrigger}) starts or signals a provider's
 * re-evaluation, which follows a {@link io.iris.workflows.routing.FailbackPolicy}, judges each
 * {@link io.iris.workflows.routing.HealthCheck} with it and reports a {@link
 * io.iris.workflows.routing.ReevaluationState}; {@link
 * io.iris.workflows.routing.FailoverActivities} and {@link
 * io.iris.workflows.routing.HealthActivities} are their steps outside the workflow.
 *
 * <p>Two pure pieces serve the send path's activities: a {@link
 * io.iris.workflows.routing.BreakerWindow} judges a provider's latest call outcomes (the breaker's
 * trip rule), and {@link io.iris.workflows.routing.RoutingWeights} applies fail-back weights to a
 * decided route, per message, by a fixed bucket of its id.
 */
package io.iris.workflows.routing;

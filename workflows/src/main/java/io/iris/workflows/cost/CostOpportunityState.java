package io.iris.workflows.cost;

/**
 * What an opportunity's workflow says of itself (its query).
 *
 * @param status {@code applying}, {@code awaiting_review}, {@code watching}, {@code applied},
 *     {@code dismissed}, {@code expired}, {@code reverted} or {@code failed}
 * @param detail the last thing that happened, in plain words
 * @param reviewExpiresAtMillis when the review expires (0 when there is none)
 */
public record CostOpportunityState(String status, String detail, long reviewExpiresAtMillis) {}

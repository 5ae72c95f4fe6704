package io.iris.workflows.cost;

import java.util.List;
import java.util.Objects;

/**
 * What one cost-optimization cycle found: the opportunities stored for the first time (each gets
 * its own workflow) and the policy they run by.
 *
 * @param found how many opportunities the rules found, new or already open
 * @param fresh those stored for the first time now
 */
public record CostCycle(int found, List<CostOpportunity> fresh, CostPolicy policy) {
  public CostCycle {
    fresh = List.copyOf(fresh);
    Objects.requireNonNull(policy, "policy");
  }
}

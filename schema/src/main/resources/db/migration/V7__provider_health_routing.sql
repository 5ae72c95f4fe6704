-- Provider health (issue 9): per-minute send outcomes per provider and channel, the scores the
-- health evaluation computes from them, each provider's routing state (failed over, recovering at
-- a weight), the tenants' routing requirements, and exactly-once audit rows from the workers.

-- One row per minute, provider, channel and process (`source`: a random id each process makes at
-- start), written as cumulative totals, so a repeated flush rewrites the same row and processes
-- merge by summing. Latency histograms use fixed logarithmic buckets (the same bounds in every
-- process), so merged percentiles are exact to the bucket. A minute is "down" when `unavailable`
-- exceeds half of `attempts`; uptime is derived from that, not stored. The seed's tenant and
-- region columns are not kept: routing is per provider and channel.
-- Range-partitioned by UTC day (`system_health_metrics_pYYYYMMDD`, plus a default partition for
-- rows outside them); HealthStorage.maintain creates the days ahead and drops the expired ones.
-- [jooq ignore start]
CREATE TABLE system_health_metrics (
    bucket_start              TIMESTAMP WITH TIME ZONE NOT NULL,
    provider                  VARCHAR(50)    NOT NULL,
    channel                   VARCHAR(20)    NOT NULL,
    source                    VARCHAR(64)    NOT NULL,
    attempts                  BIGINT         NOT NULL DEFAULT 0,
    accepted                  BIGINT         NOT NULL DEFAULT 0,
    rejected                  BIGINT         NOT NULL DEFAULT 0,
    unavailable               BIGINT         NOT NULL DEFAULT 0,
    rate_limited              BIGINT         NOT NULL DEFAULT 0,
    delivered                 BIGINT         NOT NULL DEFAULT 0,
    failed                    BIGINT         NOT NULL DEFAULT 0,
    call_latency_sum_ms       BIGINT         NOT NULL DEFAULT 0,
    call_latency_p50_ms       INTEGER,
    call_latency_p95_ms       INTEGER,
    call_latency_p99_ms       INTEGER,
    call_latency_buckets      INTEGER[]      NOT NULL,
    receipt_latency_count     BIGINT         NOT NULL DEFAULT 0,
    receipt_latency_sum_ms    BIGINT         NOT NULL DEFAULT 0,
    receipt_latency_p50_ms    INTEGER,
    receipt_latency_p95_ms    INTEGER,
    receipt_latency_p99_ms    INTEGER,
    receipt_latency_buckets   INTEGER[]      NOT NULL,
    cost_usd                  NUMERIC(14, 6) NOT NULL DEFAULT 0,
    updated_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (bucket_start, provider, channel, source),
    CONSTRAINT system_health_metrics_counts_check CHECK (
        attempts >= 0 AND accepted >= 0 AND rejected >= 0 AND unavailable >= 0
        AND rate_limited >= 0 AND delivered >= 0 AND failed >= 0
        AND call_latency_sum_ms >= 0 AND receipt_latency_count >= 0
        AND receipt_latency_sum_ms >= 0 AND cost_usd >= 0)
) PARTITION BY RANGE (bucket_start);
CREATE TABLE system_health_metrics_default PARTITION OF system_health_metrics DEFAULT;

-- Yesterday through a week ahead, so the first flushes after the migration land in their day.
DO $$
DECLARE
    day DATE;
BEGIN
    FOR day IN
        SELECT d::DATE FROM generate_series(
            (now() AT TIME ZONE 'UTC')::DATE - 1,
            (now() AT TIME ZONE 'UTC')::DATE + 7,
            INTERVAL '1 day') AS d
    LOOP
        EXECUTE format(
            'CREATE TABLE IF NOT EXISTS %I PARTITION OF system_health_metrics FOR VALUES FROM (%L) TO (%L)',
            'system_health_metrics_p' || to_char(day, 'YYYYMMDD'),
            day::TIMESTAMP AT TIME ZONE 'UTC',
            (day + 1)::TIMESTAMP AT TIME ZONE 'UTC');
    END LOOP;
END
$$;
-- [jooq ignore stop]
-- The same shape, unpartitioned, for jOOQ's code generator (which cannot read partitioning).
-- [jooq ignore start]
/*
-- [jooq ignore stop]
CREATE TABLE system_health_metrics (
    bucket_start              TIMESTAMP WITH TIME ZONE NOT NULL,
    provider                  VARCHAR(50)    NOT NULL,
    channel                   VARCHAR(20)    NOT NULL,
    source                    VARCHAR(64)    NOT NULL,
    attempts                  BIGINT         NOT NULL DEFAULT 0,
    accepted                  BIGINT         NOT NULL DEFAULT 0,
    rejected                  BIGINT         NOT NULL DEFAULT 0,
    unavailable               BIGINT         NOT NULL DEFAULT 0,
    rate_limited              BIGINT         NOT NULL DEFAULT 0,
    delivered                 BIGINT         NOT NULL DEFAULT 0,
    failed                    BIGINT         NOT NULL DEFAULT 0,
    call_latency_sum_ms       BIGINT         NOT NULL DEFAULT 0,
    call_latency_p50_ms       INTEGER,
    call_latency_p95_ms       INTEGER,
    call_latency_p99_ms       INTEGER,
    call_latency_buckets      INTEGER[]      NOT NULL,
    receipt_latency_count     BIGINT         NOT NULL DEFAULT 0,
    receipt_latency_sum_ms    BIGINT         NOT NULL DEFAULT 0,
    receipt_latency_p50_ms    INTEGER,
    receipt_latency_p95_ms    INTEGER,
    receipt_latency_p99_ms    INTEGER,
    receipt_latency_buckets   INTEGER[]      NOT NULL,
    cost_usd                  NUMERIC(14, 6) NOT NULL DEFAULT 0,
    updated_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (bucket_start, provider, channel, source)
);
-- [jooq ignore start]
*/
-- [jooq ignore stop]

CREATE INDEX system_health_metrics_provider_idx
    ON system_health_metrics (provider, channel, bucket_start DESC);

-- What each health evaluation computed, per provider and channel, for two windows: `ranking`
-- (long, 24h by default: orders the providers) and `current` (short, 5m: their health now).
-- Idempotent on the primary key, so a retried save changes nothing. About 17k rows a day at the
-- defaults; HealthStorage.maintain deletes rows past IRIS_HEALTH_SCORES_RETENTION.
CREATE TABLE provider_health_scores (
    evaluated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    provider               VARCHAR(50)      NOT NULL,
    channel                VARCHAR(20)      NOT NULL,
    window_kind            VARCHAR(10)      NOT NULL,
    window_start           TIMESTAMP WITH TIME ZONE NOT NULL,
    overall_score          DOUBLE PRECISION NOT NULL,
    delivery_score         DOUBLE PRECISION NOT NULL,
    latency_score          DOUBLE PRECISION NOT NULL,
    reliability_score      DOUBLE PRECISION NOT NULL,
    cost_score             DOUBLE PRECISION NOT NULL,
    rank                   INTEGER          NOT NULL,
    is_recommended         BOOLEAN          NOT NULL,
    attempts               BIGINT           NOT NULL,
    accepted               BIGINT           NOT NULL,
    delivered              BIGINT           NOT NULL,
    failed                 BIGINT           NOT NULL,
    call_latency_mean_ms   DOUBLE PRECISION NOT NULL,
    call_latency_p50_ms    DOUBLE PRECISION NOT NULL,
    call_latency_p95_ms    DOUBLE PRECISION NOT NULL,
    call_latency_p99_ms    DOUBLE PRECISION NOT NULL,
    cost_per_message_usd   NUMERIC(12, 6)   NOT NULL,
    uptime_percent         NUMERIC(7, 4)    NOT NULL,
    PRIMARY KEY (evaluated_at, provider, channel, window_kind),
    CONSTRAINT provider_health_scores_window_kind_check CHECK (window_kind IN ('ranking', 'current')),
    CONSTRAINT provider_health_scores_rank_check CHECK (rank >= 1),
    CONSTRAINT provider_health_scores_scores_check CHECK (
        overall_score BETWEEN 0 AND 100 AND delivery_score BETWEEN 0 AND 100
        AND latency_score BETWEEN 0 AND 100 AND reliability_score BETWEEN 0 AND 100
        AND cost_score BETWEEN 0 AND 100)
);

-- The latest score per provider, channel and window: SELECT DISTINCT ON (provider, channel,
-- window_kind) ... ORDER BY provider, channel, window_kind, evaluated_at DESC.
CREATE INDEX provider_health_scores_latest_idx
    ON provider_health_scores (provider, channel, window_kind, evaluated_at DESC);

-- Each provider's routing state per channel. No row means healthy at weight 100. `failed_over`
-- (weight 0: a last resort only) is what the seed calls markProviderDegraded; `recovering` takes
-- `weight` percent of new sends while it fails back step by step. `failover_id` names the
-- failover (and its FailoverReevaluationWorkflow run) the state belongs to; `flaps` counts the
-- times it failed again while recovering.
CREATE TABLE provider_routing (
    provider     VARCHAR(50)   NOT NULL,
    channel      VARCHAR(20)   NOT NULL,
    status       VARCHAR(20)   NOT NULL,
    weight       INTEGER       NOT NULL,
    reason       VARCHAR(1000) NOT NULL DEFAULT '',
    failover_id  UUID,
    flaps        INTEGER       NOT NULL DEFAULT 0,
    since        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (provider, channel),
    CONSTRAINT provider_routing_status_check CHECK (status IN ('healthy', 'failed_over', 'recovering')),
    CONSTRAINT provider_routing_weight_check CHECK (weight BETWEEN 0 AND 100),
    CONSTRAINT provider_routing_flaps_check CHECK (flaps >= 0)
);

-- What a tenant asks of the providers that carry its messages (TenantRequirements); null: no
-- requirement.
ALTER TABLE tenants
    ADD COLUMN min_delivery_rate_percent NUMERIC(5, 2)
        CHECK (min_delivery_rate_percent BETWEEN 0 AND 100);
ALTER TABLE tenants
    ADD COLUMN max_latency_ms BIGINT
        CHECK (max_latency_ms >= 0);
ALTER TABLE tenants
    ADD COLUMN max_cost_per_message_usd NUMERIC(12, 6)
        CHECK (max_cost_per_message_usd >= 0);

-- Audit rows written by workers carry a key of the event they record (`failover:{id}`,
-- `failback:{id}:{step}`), so a retried activity writes its row once. The api's own rows have none.
ALTER TABLE audit_logs ADD COLUMN event_key VARCHAR(200);
-- [jooq ignore start]
CREATE UNIQUE INDEX audit_logs_event_key ON audit_logs (event_key) WHERE event_key IS NOT NULL;
-- [jooq ignore stop]

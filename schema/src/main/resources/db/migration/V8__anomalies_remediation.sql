-- Anomalies and auto-remediation (issue 10): what the detection Schedule found, each
-- remediation run (one runbook against one incident), every action it took, and the controls the
-- actions set (tenant throttles, blocked IPs, platform switches).

-- One row per anomaly while it persists: at most one open row per dedup key (a repeat updates it),
-- resolved when it has been absent for a few detection runs in a row.
CREATE TABLE anomaly_events (
    id                  UUID           PRIMARY KEY,
    dedup_key           VARCHAR(300)   NOT NULL,
    anomaly_type        VARCHAR(50)    NOT NULL,
    severity            VARCHAR(20)    NOT NULL,
    status              VARCHAR(20)    NOT NULL,
    channel             VARCHAR(20),
    provider            VARCHAR(50),
    tenant_id           UUID,
    task_queue          VARCHAR(100),
    expected_value      NUMERIC(18, 6) NOT NULL,
    actual_value        NUMERIC(18, 6) NOT NULL,
    deviation_percent   NUMERIC(18, 6) NOT NULL,
    unit                VARCHAR(20)    NOT NULL,
    detail              TEXT           NOT NULL DEFAULT '',
    evidence            JSONB          NOT NULL DEFAULT '{}',
    messages_affected   BIGINT         NOT NULL DEFAULT 0,
    tenants_affected    INTEGER        NOT NULL DEFAULT 0,
    cost_impact_usd     NUMERIC(14, 6) NOT NULL DEFAULT 0,
    occurrences         INTEGER        NOT NULL DEFAULT 1,
    missed_runs         INTEGER        NOT NULL DEFAULT 0,
    detected_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    resolved_at         TIMESTAMP WITH TIME ZONE,
    incident_id         UUID REFERENCES incidents (id),
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT anomaly_events_type_check CHECK (anomaly_type IN (
        'delivery_rate_drop', 'latency_spike', 'cost_spike', 'delivery_rate_anomaly',
        'provider_outage', 'task_queue_backlog', 'noisy_neighbor_volume')),
    CONSTRAINT anomaly_events_severity_check CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT anomaly_events_status_check CHECK (status IN ('open', 'resolved'))
);
-- [jooq ignore start]
CREATE UNIQUE INDEX anomaly_events_open_dedup_key ON anomaly_events (dedup_key) WHERE status = 'open';
-- [jooq ignore stop]
CREATE INDEX anomaly_events_detected_idx ON anomaly_events (detected_at DESC);
CREATE INDEX anomaly_events_type_idx ON anomaly_events (anomaly_type, severity);

-- One row per remediation run: id = its workflow id, remediation-{incidentId}-{runbook}.
CREATE TABLE remediation_runs (
    id                  VARCHAR(200)   PRIMARY KEY,
    incident_id         UUID REFERENCES incidents (id),
    anomaly_id          UUID REFERENCES anomaly_events (id),
    runbook             VARCHAR(40)    NOT NULL,
    runbook_sha256      VARCHAR(64)    NOT NULL DEFAULT '',
    status              VARCHAR(20)    NOT NULL,
    detail              TEXT           NOT NULL DEFAULT '',
    metrics_before      JSONB,
    metrics_after       JSONB,
    approval_decision   VARCHAR(20),
    approval_by         VARCHAR(200),
    approval_note       TEXT,
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at         TIMESTAMP WITH TIME ZONE,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT remediation_runs_status_check CHECK (status IN (
        'running', 'awaiting_approval', 'succeeded', 'failed', 'rolled_back', 'escalated'))
);
CREATE INDEX remediation_runs_incident_idx ON remediation_runs (incident_id, started_at);
CREATE INDEX remediation_runs_started_idx ON remediation_runs (started_at DESC);

-- Every action a remediation took (and its approvals and verifications), written once per
-- event key ({runId}:{phase}:{index}) however often its activity is retried. Blast-radius limits
-- count the step rows of an action within the limit window.
CREATE TABLE auto_remediation_log (
    id                  UUID           PRIMARY KEY,
    event_key           VARCHAR(300)   NOT NULL UNIQUE,
    remediation_id      VARCHAR(200)   NOT NULL REFERENCES remediation_runs (id),
    incident_id         UUID,
    anomaly_event_id    UUID,
    phase               VARCHAR(20)    NOT NULL,
    step_index          INTEGER        NOT NULL,
    action_type         VARCHAR(30)    NOT NULL,
    action_details      JSONB          NOT NULL DEFAULT '{}',
    actor               VARCHAR(200)   NOT NULL,
    outcome             VARCHAR(30)    NOT NULL,
    success             BOOLEAN,
    detail              TEXT           NOT NULL DEFAULT '',
    metrics_before      JSONB,
    metrics_after       JSONB,
    undo                JSONB,
    executed_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT auto_remediation_log_phase_check CHECK (phase IN ('approval', 'step', 'verify', 'rollback'))
);
CREATE INDEX auto_remediation_log_action_idx ON auto_remediation_log (action_type, executed_at DESC);
CREATE INDEX auto_remediation_log_run_idx ON auto_remediation_log (remediation_id, executed_at);

-- A tenant's send rate limit set by a remediation (or an operator), until it expires.
CREATE TABLE tenant_throttles (
    tenant_id           UUID           PRIMARY KEY REFERENCES tenants (id),
    per_second          NUMERIC(10, 3) NOT NULL CHECK (per_second > 0),
    burst               INTEGER        NOT NULL CHECK (burst > 0),
    reason              TEXT           NOT NULL DEFAULT '',
    source              VARCHAR(250)   NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Client addresses refused before authentication, until they expire (the canonical text form of
-- an IPv4 or IPv6 address: the code parses and normalises it).
CREATE TABLE blocked_ips (
    ip                  VARCHAR(45)    PRIMARY KEY,
    reason              TEXT           NOT NULL DEFAULT '',
    source              VARCHAR(250)   NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Runtime switches every process reads (remediation.enabled, cache.generation,
-- worker.restart.{queue}, worker.activity-slots.{queue}).
CREATE TABLE platform_controls (
    name                VARCHAR(200)   PRIMARY KEY,
    value               VARCHAR(200)   NOT NULL,
    reason              TEXT           NOT NULL DEFAULT '',
    set_by              VARCHAR(200)   NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

-- What kind of incident it is: the anomaly type that opened it, alertmanager:{alertname}, or ''.
ALTER TABLE incidents ADD COLUMN incident_type VARCHAR(100) NOT NULL DEFAULT '';

-- Tenant volumes and the impact of an anomaly are counted over recent messages.
CREATE INDEX messages_created_idx ON messages (created_at);

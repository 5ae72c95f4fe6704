-- Incidents: one row per incident (its workflow keeps it current), its timeline, and the alerts
-- attached to it.

CREATE TABLE incidents (
    id                UUID          PRIMARY KEY,
    title             VARCHAR(1000) NOT NULL,
    severity          VARCHAR(20)   NOT NULL,
    status            VARCHAR(20)   NOT NULL,
    service           VARCHAR(200)  NOT NULL DEFAULT '',
    description       TEXT          NOT NULL DEFAULT '',
    dedup_key         VARCHAR(255),
    source            VARCHAR(50)   NOT NULL DEFAULT 'api',
    escalation_level  INTEGER       NOT NULL DEFAULT 0,
    opened_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    acknowledged_at   TIMESTAMP WITH TIME ZONE,
    acknowledged_by   VARCHAR(200),
    resolved_at       TIMESTAMP WITH TIME ZONE,
    resolved_by       VARCHAR(200),
    mtta_ms           BIGINT,
    mttr_ms           BIGINT,
    review            TEXT,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- At most one open incident per dedup key: a repeat alert attaches instead of opening another.
-- [jooq ignore start]
CREATE UNIQUE INDEX incidents_open_dedup_key ON incidents (dedup_key)
    WHERE dedup_key IS NOT NULL AND status <> 'resolved';
-- [jooq ignore stop]
CREATE INDEX incidents_status_idx ON incidents (status, opened_at DESC);

CREATE TABLE incident_events (
    incident_id  UUID          NOT NULL REFERENCES incidents (id),
    seq          INTEGER       NOT NULL,
    at           TIMESTAMP WITH TIME ZONE NOT NULL,
    event        VARCHAR(50)   NOT NULL,
    actor        VARCHAR(200)  NOT NULL DEFAULT '',
    detail       TEXT          NOT NULL DEFAULT '',
    PRIMARY KEY (incident_id, seq)
);

CREATE TABLE incident_alerts (
    incident_id  UUID          NOT NULL REFERENCES incidents (id),
    fingerprint  VARCHAR(200)  NOT NULL,
    status       VARCHAR(20)   NOT NULL,
    summary      TEXT          NOT NULL DEFAULT '',
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (incident_id, fingerprint)
);

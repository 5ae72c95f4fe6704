-- Message sends: one row per message (the workflow keeps it current), one per provider attempt,
-- the suppression list, templates, bulk batches, and the analytics event stream.

CREATE TABLE messages (
    id                   UUID          PRIMARY KEY,
    tenant_id            UUID          NOT NULL REFERENCES tenants (id),
    channel              VARCHAR(20)   NOT NULL,
    recipient            VARCHAR(2048) NOT NULL,
    sender               VARCHAR(320)  NOT NULL DEFAULT '',
    subject              VARCHAR(1000) NOT NULL DEFAULT '',
    template_id          UUID,
    priority             VARCHAR(20)   NOT NULL DEFAULT 'normal',
    status               VARCHAR(20)   NOT NULL,
    provider             VARCHAR(50),
    provider_message_id  VARCHAR(200),
    cost_usd             NUMERIC(12, 6) NOT NULL DEFAULT 0,
    attempt_count        INTEGER       NOT NULL DEFAULT 0,
    error_code           VARCHAR(100),
    error_message        VARCHAR(1000),
    idempotency_key      VARCHAR(255),
    request_hash         CHAR(64),
    batch_id             UUID,
    metadata             JSONB         NOT NULL DEFAULT '{}',
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at              TIMESTAMP WITH TIME ZONE,
    completed_at         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT messages_idempotency_key UNIQUE (tenant_id, idempotency_key)
);

CREATE INDEX messages_tenant_created_idx ON messages (tenant_id, created_at DESC, id DESC);
CREATE INDEX messages_tenant_status_idx ON messages (tenant_id, status, created_at DESC);
CREATE INDEX messages_batch_idx ON messages (batch_id);

CREATE TABLE message_attempts (
    id                   BIGSERIAL     PRIMARY KEY,
    message_id           UUID          NOT NULL REFERENCES messages (id),
    attempt_key          VARCHAR(200)  NOT NULL,
    provider             VARCHAR(50)   NOT NULL,
    outcome              VARCHAR(30)   NOT NULL,
    error                VARCHAR(1000),
    provider_message_id  VARCHAR(200),
    cost_usd             NUMERIC(12, 6) NOT NULL DEFAULT 0,
    tries                INTEGER       NOT NULL DEFAULT 1,
    duration_ms          BIGINT        NOT NULL DEFAULT 0,
    at                   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT message_attempts_key UNIQUE (message_id, attempt_key)
);

CREATE TABLE suppression_list (
    tenant_id   UUID          NOT NULL REFERENCES tenants (id),
    channel     VARCHAR(20)   NOT NULL,
    address     VARCHAR(2048) NOT NULL,
    reason      VARCHAR(50)   NOT NULL,
    detail      VARCHAR(1000) NOT NULL DEFAULT '',
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, channel, address)
);

CREATE TABLE templates (
    id          UUID          PRIMARY KEY,
    tenant_id   UUID          NOT NULL REFERENCES tenants (id),
    name        VARCHAR(200)  NOT NULL,
    channel     VARCHAR(20)   NOT NULL,
    subject     VARCHAR(1000) NOT NULL DEFAULT '',
    body        TEXT          NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT templates_tenant_name UNIQUE (tenant_id, name)
);

CREATE TABLE message_batches (
    id          UUID          PRIMARY KEY,
    tenant_id   UUID          NOT NULL REFERENCES tenants (id),
    channel     VARCHAR(20)   NOT NULL,
    total       INTEGER       NOT NULL,
    request     JSONB         NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE message_batch_recipients (
    batch_id    UUID          NOT NULL REFERENCES message_batches (id),
    position    INTEGER       NOT NULL,
    recipient   VARCHAR(2048) NOT NULL,
    variables   JSONB         NOT NULL DEFAULT '{}',
    PRIMARY KEY (batch_id, position)
);

-- The analytics stream (seed 001 §1.2): one row per message event, with cost and duration.
-- Range-partitioned by time in PostgreSQL; the default partition takes rows until the
-- analytics roll-up capability adds monthly partitions.
-- [jooq ignore start]
CREATE TABLE analytics_events (
    id           UUID          NOT NULL,
    tenant_id    UUID          NOT NULL,
    event_type   VARCHAR(50)   NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    message_id   UUID,
    channel      VARCHAR(20),
    provider     VARCHAR(50),
    event_data   JSONB         NOT NULL DEFAULT '{}',
    cost_usd     NUMERIC(12, 6) NOT NULL DEFAULT 0,
    duration_ms  BIGINT,
    success      BOOLEAN,
    error_code   VARCHAR(100),
    PRIMARY KEY (occurred_at, id)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE analytics_events_default PARTITION OF analytics_events DEFAULT;
-- [jooq ignore stop]
-- The same shape, unpartitioned, for jOOQ's code generator (which cannot read partitioning).
-- [jooq ignore start]
/*
-- [jooq ignore stop]
CREATE TABLE analytics_events (
    id           UUID          NOT NULL,
    tenant_id    UUID          NOT NULL,
    event_type   VARCHAR(50)   NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    message_id   UUID,
    channel      VARCHAR(20),
    provider     VARCHAR(50),
    event_data   JSONB         NOT NULL DEFAULT '{}',
    cost_usd     NUMERIC(12, 6) NOT NULL DEFAULT 0,
    duration_ms  BIGINT,
    success      BOOLEAN,
    error_code   VARCHAR(100),
    PRIMARY KEY (occurred_at, id)
);
-- [jooq ignore start]
*/
-- [jooq ignore stop]

CREATE INDEX analytics_events_message_idx ON analytics_events (message_id, occurred_at DESC);
CREATE INDEX analytics_events_tenant_idx ON analytics_events (tenant_id, occurred_at DESC);
-- Recording is idempotent: the workflow derives each event's id and time deterministically,
-- so a retried insert meets the primary key and does nothing.

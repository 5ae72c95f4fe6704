-- Foundation tables: tenants, their API keys, and the audit trail of admin actions.
-- Later capabilities add their own tables in later migrations; never edit an applied one.

CREATE TABLE tenants (
    id          UUID         PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    status      VARCHAR(20)  NOT NULL DEFAULT 'active',
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT tenants_status_check CHECK (status IN ('active', 'suspended'))
);

-- Names are unique regardless of case, so "Acme" and "acme" cannot both exist.
-- (Expression indexes are PostgreSQL-only; jOOQ's code generator skips this one.)
-- [jooq ignore start]
CREATE UNIQUE INDEX tenants_name_lower_key ON tenants (LOWER(name));
-- [jooq ignore stop]

-- API keys are stored only as SHA-256 hashes; the clear key is shown once, when it is made.
CREATE TABLE api_keys (
    id            UUID         PRIMARY KEY,
    tenant_id     UUID         REFERENCES tenants (id),
    scope         VARCHAR(20)  NOT NULL,
    name          VARCHAR(200) NOT NULL,
    key_hash      CHAR(64)     NOT NULL,
    key_prefix    VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    rotated_to    UUID         REFERENCES api_keys (id),
    last_used_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash),
    CONSTRAINT api_keys_scope_check CHECK (scope IN ('admin', 'tenant')),
    CONSTRAINT api_keys_scope_tenant_check CHECK (
        (scope = 'admin' AND tenant_id IS NULL) OR (scope = 'tenant' AND tenant_id IS NOT NULL))
);

CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id);

CREATE TABLE audit_logs (
    id            BIGSERIAL    PRIMARY KEY,
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_key_id  UUID,
    actor_scope   VARCHAR(20)  NOT NULL,
    tenant_id     UUID,
    action        VARCHAR(100) NOT NULL,
    target_type   VARCHAR(50)  NOT NULL,
    target_id     VARCHAR(100) NOT NULL,
    details       JSONB        NOT NULL DEFAULT '{}',
    source_ip     VARCHAR(64)
);

CREATE INDEX audit_logs_occurred_idx ON audit_logs (occurred_at DESC);
CREATE INDEX audit_logs_tenant_idx ON audit_logs (tenant_id, occurred_at DESC);

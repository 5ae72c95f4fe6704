-- Cost intelligence (issue 11): spend kept as hourly roll-ups, so a summary never scans the
-- messages. One row per hour (UTC, of the message's end), tenant, channel, provider and campaign
-- (metadata.campaignId, '' when none); each message's end adds its count and its exact cost once,
-- in the transaction that records the end (the end's analytics event decides "once").
CREATE TABLE cost_hourly (
    hour         TIMESTAMP WITH TIME ZONE NOT NULL,
    tenant_id    UUID           NOT NULL REFERENCES tenants (id),
    channel      VARCHAR(20)    NOT NULL,
    provider     VARCHAR(50)    NOT NULL DEFAULT '',
    campaign_id  VARCHAR(200)   NOT NULL DEFAULT '',
    messages     BIGINT         NOT NULL DEFAULT 0,
    cost_usd     NUMERIC(18, 6) NOT NULL DEFAULT 0,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (hour, tenant_id, channel, provider, campaign_id),
    CONSTRAINT cost_hourly_non_negative CHECK (messages >= 0 AND cost_usd >= 0)
);

CREATE INDEX cost_hourly_tenant_idx ON cost_hourly (tenant_id, hour);

-- The messages that ended before this migration, so the roll-ups start complete.
-- [jooq ignore start]
INSERT INTO cost_hourly (hour, tenant_id, channel, provider, campaign_id, messages, cost_usd, updated_at)
SELECT date_trunc('hour', completed_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
       tenant_id,
       channel,
       COALESCE(provider, ''),
       LEFT(COALESCE(metadata ->> 'campaignId', ''), 200),
       COUNT(*),
       SUM(cost_usd),
       now()
FROM messages
WHERE completed_at IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;
-- [jooq ignore stop]

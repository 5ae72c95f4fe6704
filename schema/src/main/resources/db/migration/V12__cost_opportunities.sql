-- Cost-optimization opportunities (issue 11, seed 000 §2 lines 309-335): one row per opportunity
-- the hourly cycle finds, with what it would save, how it was decided (auto-applied, reviewed,
-- dismissed, expired), what it changed in routing, and the saving measured after.
CREATE TABLE cost_optimization_opportunities (
    id                            UUID           PRIMARY KEY,
    -- What makes it the same opportunity from one cycle to the next, e.g.
    -- 'provider_switch:sms:twilio:telnyx'; at most one open (identified or awaiting review).
    dedup_key                     VARCHAR(400)   NOT NULL,
    identified_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
    status                        VARCHAR(20)    NOT NULL DEFAULT 'identified',
    opportunity_type              VARCHAR(30)    NOT NULL,
    channel                       VARCHAR(20)    NOT NULL DEFAULT '',
    current_provider              VARCHAR(50)    NOT NULL DEFAULT '',
    recommended_provider          VARCHAR(50)    NOT NULL DEFAULT '',
    resource                      VARCHAR(320)   NOT NULL DEFAULT '',
    -- Per day, in USD.
    current_cost_usd              NUMERIC(18, 6) NOT NULL,
    potential_savings_usd         NUMERIC(18, 6) NOT NULL,
    savings_percent               NUMERIC(7, 2)  NOT NULL,
    current_cost_per_message_usd  NUMERIC(12, 6),
    new_cost_per_message_usd      NUMERIC(12, 6),
    quality_impact                VARCHAR(20)    NOT NULL,
    auto_apply                    BOOLEAN        NOT NULL DEFAULT FALSE,
    recommendation_reason         TEXT           NOT NULL DEFAULT '',
    review_expires_at             TIMESTAMP WITH TIME ZONE,
    decided_by                    VARCHAR(200)   NOT NULL DEFAULT '',
    decision_note                 TEXT           NOT NULL DEFAULT '',
    applied_at                    TIMESTAMP WITH TIME ZONE,
    -- The routing rows an applied switch changed: [{"provider","failoverId"}].
    routing_changes               JSONB          NOT NULL DEFAULT '[]',
    reverted_at                   TIMESTAMP WITH TIME ZONE,
    revert_reason                 TEXT           NOT NULL DEFAULT '',
    actual_savings_usd            NUMERIC(18, 6),
    measured_at                   TIMESTAMP WITH TIME ZONE,
    updated_at                    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT cost_opportunities_type CHECK (
        opportunity_type IN ('provider_switch', 'volume_discount', 'idle_resource')),
    CONSTRAINT cost_opportunities_status CHECK (
        status IN ('identified', 'awaiting_review', 'applied', 'dismissed', 'expired', 'reverted',
                   'failed')),
    CONSTRAINT cost_opportunities_quality CHECK (quality_impact IN ('minimal', 'moderate'))
);

CREATE UNIQUE INDEX cost_opportunities_open_key
    ON cost_optimization_opportunities (dedup_key)
    WHERE status IN ('identified', 'awaiting_review');
CREATE INDEX cost_opportunities_key_idx
    ON cost_optimization_opportunities (dedup_key, updated_at DESC);
CREATE INDEX idx_cost_opp_status
    ON cost_optimization_opportunities (status, potential_savings_usd DESC);
-- The idle-resource rule asks whether a sender carried anything lately.
CREATE INDEX messages_provider_sender_idx ON messages (provider, sender, created_at DESC);

-- Budgets (issue 11): one per tenant (monthly, optionally daily, optionally a hard stop), and each
-- budget alert once per period and threshold (the key makes "once"; posting is retried until sent).
CREATE TABLE budgets (
    tenant_id    UUID           PRIMARY KEY REFERENCES tenants (id),
    monthly_usd  NUMERIC(18, 6) NOT NULL,
    daily_usd    NUMERIC(18, 6),
    hard_stop    BOOLEAN        NOT NULL DEFAULT FALSE,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT budgets_positive CHECK (monthly_usd > 0 AND (daily_usd IS NULL OR daily_usd > 0))
);

-- scope: 'tenant:{id}' or 'platform'; period: 'day' or 'month', starting at period_start (UTC).
CREATE TABLE budget_alerts (
    scope         VARCHAR(60)    NOT NULL,
    period        VARCHAR(10)    NOT NULL,
    period_start  DATE           NOT NULL,
    threshold     INTEGER        NOT NULL,
    tenant_id     UUID,
    spent_usd     NUMERIC(18, 6) NOT NULL,
    budget_usd    NUMERIC(18, 6) NOT NULL,
    status        VARCHAR(20)    NOT NULL DEFAULT 'pending',
    detail        TEXT           NOT NULL DEFAULT '',
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at       TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (scope, period, period_start, threshold),
    CONSTRAINT budget_alerts_period CHECK (period IN ('day', 'month')),
    CONSTRAINT budget_alerts_status CHECK (status IN ('pending', 'sent'))
);

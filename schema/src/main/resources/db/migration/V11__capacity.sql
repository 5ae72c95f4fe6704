-- Capacity forecasts (issue 11): each daily forecast as it was made (its series, constraints and
-- recommendations as the API shows them), and each capacity alert once per constraint and day.
CREATE TABLE capacity_forecasts (
    generated_at  TIMESTAMP WITH TIME ZONE PRIMARY KEY,
    horizon_days  INTEGER        NOT NULL,
    body          JSONB          NOT NULL
);

CREATE TABLE capacity_alerts (
    constraint_name  VARCHAR(60)    NOT NULL,
    alert_date       DATE           NOT NULL,
    severity         VARCHAR(20)    NOT NULL,
    detail           TEXT           NOT NULL,
    status           VARCHAR(20)    NOT NULL DEFAULT 'pending',
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at          TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (constraint_name, alert_date),
    CONSTRAINT capacity_alerts_severity CHECK (severity IN ('warning', 'critical')),
    CONSTRAINT capacity_alerts_status CHECK (status IN ('pending', 'sent'))
);

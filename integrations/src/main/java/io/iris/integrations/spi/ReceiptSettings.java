package io.iris.integrations.spi;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How provider callbacks are accepted ({@code iris.receipts.*}).
 *
 * @param signatureTolerance how far a signed timestamp (Telnyx, SendGrid) may be from now, either
 *     way, before the callback is refused as a possible replay
 * @param recentEventCapacity how many callback event ids are remembered to drop duplicates
 * @param maxBodySize the largest callback body read
 */
@ConfigurationProperties("iris.receipts")
public record ReceiptSettings(
    @DefaultValue("5m") Duration signatureTolerance,
    @DefaultValue("10000") int recentEventCapacity,
    @DefaultValue("2MB") DataSize maxBodySize) {}

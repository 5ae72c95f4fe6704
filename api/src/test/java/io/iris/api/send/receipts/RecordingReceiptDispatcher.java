package io.iris.api.send.receipts;

import io.iris.api.send.ReceiptDispatcher;
import io.iris.workflows.send.DeliveryReceipt;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Stands in for the send's receipt signalling: records what it is handed. Tests use fresh message
 * ids, so they read only their own receipts from the shared context.
 */
public class RecordingReceiptDispatcher implements ReceiptDispatcher {

  /** Puts the recorder in place of the real dispatcher. */
  @TestConfiguration(proxyBeanMethods = false)
  public static class Configuration {
    @Bean
    @Primary
    RecordingReceiptDispatcher recordingReceiptDispatcher() {
      return new RecordingReceiptDispatcher();
    }
  }

  public record Dispatched(UUID messageId, DeliveryReceipt receipt) {}

  private final List<Dispatched> dispatched = new CopyOnWriteArrayList<>();
  private final Set<UUID> unknown = ConcurrentHashMap.newKeySet();

  @Override
  public Outcome dispatch(UUID messageId, DeliveryReceipt receipt) {
    dispatched.add(new Dispatched(messageId, receipt));
    return unknown.contains(messageId) ? Outcome.UNKNOWN_MESSAGE : Outcome.SIGNALLED;
  }

  /** The receipts handed over for one message, in order. */
  public List<DeliveryReceipt> receiptsFor(UUID messageId) {
    return dispatched.stream()
        .filter(d -> d.messageId().equals(messageId))
        .map(Dispatched::receipt)
        .toList();
  }

  /** Makes the dispatcher answer UNKNOWN_MESSAGE for this id. */
  public void treatAsUnknown(UUID messageId) {
    unknown.add(messageId);
  }
}

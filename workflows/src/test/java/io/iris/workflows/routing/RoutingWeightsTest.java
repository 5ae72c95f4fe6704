package io.iris.workflows.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.routing.RoutingWeights.WeightedRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoutingWeightsTest {

  private static final List<String> SMS = List.of("telnyx", "twilio", "plivo");

  /** Random version-4 UUIDs from a fixed seed, as {@code UUID.randomUUID()} makes them. */
  private static List<UUID> ids(long seed, int count) {
    Random random = new Random(seed);
    List<UUID> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
      long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
      ids.add(new UUID(msb, lsb));
    }
    return ids;
  }

  @Test
  void givenTheSameMessageId_whenBucketedAgain_itShouldGetTheSameBucket() {
    for (UUID id : ids(7, 1000)) {
      int bucket = RoutingWeights.bucket(id);
      assertThat(bucket).isBetween(0, 99);
      assertThat(RoutingWeights.bucket(UUID.fromString(id.toString()))).isEqualTo(bucket);
      assertThat(RoutingWeights.apply(SMS, Map.of("telnyx", 10), id))
          .isEqualTo(RoutingWeights.apply(SMS, Map.of("telnyx", 10), UUID.fromString("" + id)));
    }
  }

  @Test
  void givenAnId_whenBucketed_itShouldBeTheLowBitsModulo100AsDocumented() {
    assertThat(RoutingWeights.bucket(new UUID(0, 205))).isEqualTo(5);
    assertThat(RoutingWeights.bucket(new UUID(123, 205)))
        .as("the high bits play no part")
        .isEqualTo(5);
    assertThat(RoutingWeights.bucket(new UUID(0, -1))).as("negative bits, floorMod").isEqualTo(99);
  }

  @Test
  void givenRandomIds_whenBucketed_itShouldFillEveryBucketEvenly() {
    int[] counts = new int[100];
    for (UUID id : ids(11, 100_000)) {
      counts[RoutingWeights.bucket(id)]++;
    }
    // 1,000 expected per bucket, standard deviation about 31.
    for (int bucket = 0; bucket < 100; bucket++) {
      assertThat(counts[bucket]).as("bucket %d", bucket).isBetween(850, 1150);
    }
  }

  @Test
  void givenTheFirstProviderAt10Percent_when10000MessagesAreRouted_itShouldBePrimaryForAbout1000() {
    int primary = 0;
    for (UUID id : ids(42, 10_000)) {
      WeightedRoute route = RoutingWeights.apply(SMS, Map.of("telnyx", 10), id);
      boolean inShare = RoutingWeights.bucket(id) < 10;
      if (inShare) {
        primary++;
        assertThat(route.providers()).containsExactly("telnyx", "twilio", "plivo");
        assertThat(route.outsideShare()).isEmpty();
      } else {
        assertThat(route.providers())
            .as("behind the next")
            .containsExactly("twilio", "telnyx", "plivo");
        assertThat(route.outsideShare()).containsExactly("telnyx");
      }
    }
    assertThat(primary).isBetween(900, 1100);
  }

  @Test
  void givenTheFirstProviderAt50Percent_when10000MessagesAreRouted_itShouldBePrimaryForAboutHalf() {
    long primary =
        ids(43, 10_000).stream()
            .filter(
                id ->
                    RoutingWeights.apply(SMS, Map.of("telnyx", 50), id).primary().equals("telnyx"))
            .count();
    assertThat(primary).isBetween(4850L, 5150L);
  }

  @Test
  void givenAProviderAtWeightZero_whenRouted_itShouldGoLastInEveryBucket() {
    for (int bucket = 0; bucket < 100; bucket++) {
      WeightedRoute route = RoutingWeights.apply(SMS, Map.of("telnyx", 0), bucket);
      assertThat(route.providers()).containsExactly("twilio", "plivo", "telnyx");
      assertThat(route.lastResort()).containsExactly("telnyx");
    }
    assertThat(RoutingWeights.apply(SMS, Map.of("twilio", 0), 0).providers())
        .containsExactly("telnyx", "plivo", "twilio");
  }

  @Test
  void givenEveryProviderAt100OrWithoutWeight_whenRouted_itShouldKeepTheRoutersOrder() {
    for (int bucket = 0; bucket < 100; bucket++) {
      WeightedRoute route =
          RoutingWeights.apply(SMS, Map.of("telnyx", 100, "twilio", 100, "sinch", 0), bucket);
      assertThat(route.providers()).isEqualTo(SMS);
      assertThat(route.outsideShare()).isEmpty();
      assertThat(route.lastResort()).isEmpty();
      assertThat(route.notes(Map.of())).isEmpty();
    }
  }

  @Test
  void givenASoleProvider_whenRouted_itShouldBeKeptWhateverItsWeight() {
    for (int weight : new int[] {0, 10, 100}) {
      for (int bucket : new int[] {0, 50, 99}) {
        WeightedRoute route =
            RoutingWeights.apply(List.of("sendgrid"), Map.of("sendgrid", weight), bucket);
        assertThat(route.providers())
            .as("weight %d bucket %d", weight, bucket)
            .containsExactly("sendgrid");
        assertThat(route.outsideShare()).isEmpty();
        assertThat(route.lastResort()).isEmpty();
      }
    }
  }

  @Test
  void givenTwoRecoveringProviders_whenRouted_itShouldShareOneBucketBetweenThem() {
    Map<String, Integer> weights = Map.of("telnyx", 10, "twilio", 50);

    assertThat(RoutingWeights.apply(SMS, weights, 5).providers())
        .containsExactly("telnyx", "twilio", "plivo");
    assertThat(RoutingWeights.apply(SMS, weights, 30).providers())
        .containsExactly("twilio", "telnyx", "plivo");
    WeightedRoute outsideBoth = RoutingWeights.apply(SMS, weights, 70);
    assertThat(outsideBoth.providers()).containsExactly("plivo", "telnyx", "twilio");
    assertThat(outsideBoth.notes(weights))
        .containsExactly(
            "telnyx recovering: 10% of traffic, this message outside it",
            "twilio recovering: 50% of traffic, this message outside it");
  }

  @Test
  void givenNoProviderWithinItsShare_whenRouted_itShouldKeepTheOrderSoSomeoneGoesFirst() {
    Map<String, Integer> weights = Map.of("telnyx", 10, "twilio", 0);
    WeightedRoute route = RoutingWeights.apply(List.of("telnyx", "twilio"), weights, 50);

    assertThat(route.providers()).containsExactly("telnyx", "twilio");
    assertThat(route.outsideShare()).isEmpty();
    assertThat(route.notes(weights)).containsExactly("twilio failed over: last resort only");
  }

  @Test
  void givenTheBucketEqualToTheWeight_whenRouted_itShouldBeOutsideTheShare() {
    assertThat(RoutingWeights.apply(SMS, Map.of("telnyx", 10), 9).primary()).isEqualTo("telnyx");
    assertThat(RoutingWeights.apply(SMS, Map.of("telnyx", 10), 10).primary()).isEqualTo("twilio");
  }

  @Test
  void givenBadWeights_whenRouted_itShouldRefuseThemNamingTheProvider() {
    for (int bad : new int[] {-1, 101}) {
      assertThatThrownBy(() -> RoutingWeights.apply(SMS, Map.of("twilio", bad), 0))
          .as("weight %d", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weight of twilio")
          .hasMessageContaining(Integer.toString(bad));
    }
    assertThatThrownBy(() -> RoutingWeights.apply(List.of("sendgrid"), Map.of("sendgrid", 101), 0))
        .as("a sole provider's weight is checked too")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weight of sendgrid");
  }

  @Test
  void givenABadRouteOrBucket_whenRouted_itShouldRefuseIt() {
    assertThatThrownBy(() -> RoutingWeights.apply(List.of(), Map.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("providers");
    assertThatThrownBy(() -> RoutingWeights.apply(List.of("twilio", "twilio"), Map.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twilio given twice");
    for (int bad : new int[] {-1, 100}) {
      assertThatThrownBy(() -> RoutingWeights.apply(SMS, Map.of(), bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bucket");
    }
    assertThatThrownBy(() -> RoutingWeights.bucket(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("messageId");
  }
}

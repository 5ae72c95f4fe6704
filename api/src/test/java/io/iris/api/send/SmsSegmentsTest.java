package io.iris.api.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.api.send.SmsSegments.Encoding;
import org.junit.jupiter.api.Test;

class SmsSegmentsTest {

  private static String times(String s, int n) {
    return s.repeat(n);
  }

  @Test
  void givenGsmText_whenCounted_itShouldFit160InOneSegmentAnd153PerSegmentAfter() {
    assertThat(SmsSegments.of("hello")).isEqualTo(new SmsSegments(Encoding.GSM_7, 5, 1));
    assertThat(SmsSegments.of(times("a", 160)).segments()).isEqualTo(1);
    assertThat(SmsSegments.of(times("a", 161)).segments()).isEqualTo(2);
    assertThat(SmsSegments.of(times("a", 306)).segments()).isEqualTo(2);
    assertThat(SmsSegments.of(times("a", 307)).segments()).isEqualTo(3);
    assertThat(SmsSegments.of(times("a", 1530)).segments()).isEqualTo(10);
    // Twilio's longest body, 1,600 characters, is 11 segments.
    assertThat(SmsSegments.of(times("a", 1600)).segments()).isEqualTo(11);
  }

  @Test
  void givenTheGsmAlphabetsCharacters_whenCounted_itShouldStayGsm7() {
    String text = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà\r\n09AZaz";
    SmsSegments basic = SmsSegments.of(text);
    assertThat(basic.encoding()).isEqualTo(Encoding.GSM_7);
    assertThat(basic.units()).isEqualTo(text.length());
  }

  @Test
  void givenExtensionTableCharacters_whenCounted_theyShouldTakeTwoSeptetsAndNeverBeSplit() {
    SmsSegments euro = SmsSegments.of("€{}[]~^|\\");
    assertThat(euro.encoding()).isEqualTo(Encoding.GSM_7);
    assertThat(euro.units()).isEqualTo(18);
    // 159 + 2 septets: over one segment.
    assertThat(SmsSegments.of(times("a", 159) + "€").segments()).isEqualTo(2);
    // 306 septets would be 2 segments, but the escape pair at 153 cannot be split, so 3.
    SmsSegments split = SmsSegments.of(times("a", 152) + "{" + times("a", 152));
    assertThat(split.units()).isEqualTo(306);
    assertThat(split.segments()).isEqualTo(3);
  }

  @Test
  void givenACharacterOutsideGsm_whenCounted_theWholeBodyShouldBeUcs2At70Then67() {
    assertThat(SmsSegments.of("a`b").encoding()).isEqualTo(Encoding.UCS_2);
    assertThat(SmsSegments.of("naïve café").encoding()).isEqualTo(Encoding.UCS_2);
    assertThat(SmsSegments.of(times("你", 70))).isEqualTo(new SmsSegments(Encoding.UCS_2, 70, 1));
    assertThat(SmsSegments.of(times("你", 71)).segments()).isEqualTo(2);
    assertThat(SmsSegments.of(times("你", 134)).segments()).isEqualTo(2);
    assertThat(SmsSegments.of(times("你", 135)).segments()).isEqualTo(3);
    assertThat(SmsSegments.of(times("你", 670)).segments()).isEqualTo(10);
  }

  @Test
  void givenAnEmoji_whenCounted_itShouldTakeTwoUnitsAndNeverBeSplit() {
    SmsSegments one = SmsSegments.of("ok 😀");
    assertThat(one).isEqualTo(new SmsSegments(Encoding.UCS_2, 5, 1));
    // 134 units would be 2 segments, but the pair at 67 cannot be split, so 3.
    SmsSegments split = SmsSegments.of("你" + times("a", 65) + "😀" + times("a", 66));
    assertThat(split.units()).isEqualTo(134);
    assertThat(split.segments()).isEqualTo(3);
  }
}

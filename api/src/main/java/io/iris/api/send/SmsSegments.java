package io.iris.api.send;

/**
 * How an SMS body is encoded and into how many segments it is split, as carriers (and so Twilio,
 * Telnyx and Plivo, who bill per segment) do it. A body made only of GSM 03.38 characters is sent
 * in GSM-7: 160 septets in one segment, or 153 per segment when concatenated, where a character of
 * the extension table ({@code ^ { } \ [ ~ ] | €} and form feed) takes two septets and is never
 * split across segments. Any other character makes the whole body UCS-2: 70 UTF-16 code units in
 * one segment, or 67 per segment, a surrogate pair (an emoji, say) never split.
 *
 * @param encoding the encoding the body is sent in
 * @param units septets (GSM-7) or UTF-16 code units (UCS-2) the body needs
 * @param segments how many segments it is sent as (at least 1)
 */
public record SmsSegments(Encoding encoding, int units, int segments) {

  /** The two SMS encodings. */
  public enum Encoding {
    GSM_7(160, 153),
    UCS_2(70, 67);

    private final int single;
    private final int concatenated;

    Encoding(int single, int concatenated) {
      this.single = single;
      this.concatenated = concatenated;
    }

    public String wireName() {
      return this == GSM_7 ? "GSM-7" : "UCS-2";
    }
  }

  // The GSM 03.38 default alphabet (one septet each) and its extension table (escape + one).
  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String EXTENSION = "\f^{}\\[~]|€";

  /** The encoding and segments of {@code body}. */
  public static SmsSegments of(String body) {
    boolean gsm = true;
    int septets = 0;
    for (int i = 0; i < body.length() && gsm; i++) {
      int cost = septets(body.charAt(i));
      gsm = cost > 0;
      septets += cost;
    }
    if (gsm) {
      return new SmsSegments(Encoding.GSM_7, septets, segments(body, Encoding.GSM_7, septets));
    }
    return new SmsSegments(
        Encoding.UCS_2, body.length(), segments(body, Encoding.UCS_2, body.length()));
  }

  /** Septets a character takes in GSM-7: 1, 2 for the extension table, 0 if it has none. */
  static int septets(char c) {
    if (BASIC.indexOf(c) >= 0) {
      return 1;
    }
    return EXTENSION.indexOf(c) >= 0 ? 2 : 0;
  }

  private static int segments(String body, Encoding encoding, int units) {
    if (units <= encoding.single) {
      return 1;
    }
    int segments = 1;
    int used = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      int cost;
      if (encoding == Encoding.GSM_7) {
        cost = septets(c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < body.length()
          && Character.isLowSurrogate(body.charAt(i + 1))) {
        cost = 2;
        i++;
      } else {
        cost = 1;
      }
      if (used + cost > encoding.concatenated) {
        segments++;
        used = 0;
      }
      used += cost;
    }
    return segments;
  }
}

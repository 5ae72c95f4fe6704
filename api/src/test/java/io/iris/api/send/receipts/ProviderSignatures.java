package io.iris.api.send.receipts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The providers' signing, written out independently of the production code from the providers'
 * documentation, so a test fails if either side drifts from it.
 */
public final class ProviderSignatures {

  private ProviderSignatures() {}

  /** Twilio: Base64(HMAC-SHA1(token, url + name1 + value1 + name2 + value2 … sorted by name)). */
  public static String twilio(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** Telnyx: Base64(Ed25519(timestamp + "|" + body)). */
  public static String telnyx(PrivateKey key, String timestamp, String body) {
    return sign("Ed25519", key, timestamp + "|" + body);
  }

  /** SendGrid: Base64(DER(ECDSA P-256 SHA-256(timestamp + body))). */
  public static String sendgrid(PrivateKey key, String timestamp, String body) {
    return sign("SHA256withECDSA", key, timestamp + body);
  }

  public static KeyPair otherEd25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  public static KeyPair otherP256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static String sign(String algorithm, PrivateKey key, String data) {
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(data.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}

package io.iris.simulator;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The simulated Telnyx (Ed25519) and SendGrid (ECDSA P-256) signing keys. Made fresh when no folder
 * is given (no key material lives in the repository); with a folder ({@code
 * iris.simulator.key-dir}, {@code IRIS_SIMULATOR_DIR}) made once and kept in {@code
 * keys.properties} there, so the platform and a simulator in its own process, or a restarted one,
 * agree. The public halves are also written to {@code published.properties} under the platform's
 * own setting names, for a platform that runs apart from the simulator to import.
 *
 * @param telnyxPrivate PKCS#8, base64
 * @param telnyxPublic the raw 32 bytes, base64, as the Telnyx portal shows it
 * @param sendgridPrivate PKCS#8, base64
 * @param sendgridPublic X.509 DER, base64, as SendGrid's settings show it
 */
record SigningKeyMaterial(
    String telnyxPrivate, String telnyxPublic, String sendgridPrivate, String sendgridPublic) {

  static final String KEYS_FILE = "keys.properties";
  static final String PUBLISHED_FILE = "published.properties";

  /** The platform's settings the verifying side reads (its names, not ours). */
  static final String TELNYX_PUBLIC_KEY = "iris.providers.telnyx.webhook-public-key";

  static final String SENDGRID_PUBLIC_KEY = "iris.providers.sendgrid.webhook-public-key";

  /**
   * The public halves under the simulator's own names too: the platform's dev profile sets its
   * verification settings from these, so a default the platform's own files give those settings
   * cannot hide the simulator's keys.
   */
  static final String SIMULATOR_TELNYX_PUBLIC_KEY = "iris.simulator.keys.telnyx-public-key";

  static final String SIMULATOR_SENDGRID_PUBLIC_KEY = "iris.simulator.keys.sendgrid-public-key";

  /** Where the simulator's own beans read the private halves from. */
  static final String TELNYX_PRIVATE_KEY = "iris.simulator.keys.telnyx-private-key";

  static final String SENDGRID_PRIVATE_KEY = "iris.simulator.keys.sendgrid-private-key";

  static SigningKeyMaterial generate() {
    try {
      KeyPair telnyx = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair sendgrid = ec.generateKeyPair();
      Base64.Encoder b64 = Base64.getEncoder();
      return new SigningKeyMaterial(
          b64.encodeToString(telnyx.getPrivate().getEncoded()),
          b64.encodeToString(rawEd25519(telnyx.getPublic())),
          b64.encodeToString(sendgrid.getPrivate().getEncoded()),
          b64.encodeToString(sendgrid.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 or P-256 key generation is not available", e);
    }
  }

  /**
   * The keys kept in {@code folder}, made and kept there when it has none; fresh ones when {@code
   * folder} is null. Either way the public halves are (re)written to {@code published.properties}.
   */
  static SigningKeyMaterial loadOrCreate(Path folder) {
    if (folder == null) {
      return generate();
    }
    try {
      Files.createDirectories(folder);
      Path keys = folder.resolve(KEYS_FILE);
      if (!Files.exists(keys)) {
        Path made = Files.createTempFile(folder, "keys", ".tmp");
        try {
          write(made, generate().asKeysFile(), "Simulator signing keys (development only)");
          // A link fails when another process made the file first: then its keys are used.
          Files.createLink(keys, made);
        } catch (FileAlreadyExistsException madeElsewhere) {
          // keep the other process's keys
        } finally {
          Files.deleteIfExists(made);
        }
      }
      SigningKeyMaterial material = fromKeysFile(read(keys));
      Path published = Files.createTempFile(folder, "published", ".tmp");
      write(
          published,
          material.published(),
          "Public keys of the simulator, for the platform (spring.config.import)");
      Files.move(
          published,
          folder.resolve(PUBLISHED_FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return material;
    } catch (IOException e) {
      throw new UncheckedIOException("the simulator's keys in " + folder + " cannot be kept", e);
    }
  }

  /** The public keys under the platform's setting names (and the simulator's). */
  Map<String, Object> published() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(TELNYX_PUBLIC_KEY, telnyxPublic);
    properties.put(SENDGRID_PUBLIC_KEY, sendgridPublic);
    properties.put(SIMULATOR_TELNYX_PUBLIC_KEY, telnyxPublic);
    properties.put(SIMULATOR_SENDGRID_PUBLIC_KEY, sendgridPublic);
    return properties;
  }

  /** Everything the in-process simulator publishes: public keys and its own private ones. */
  Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>(published());
    properties.put(TELNYX_PRIVATE_KEY, telnyxPrivate);
    properties.put(SENDGRID_PRIVATE_KEY, sendgridPrivate);
    return properties;
  }

  static PrivateKey privateKey(String algorithm, String pkcs8Base64) {
    try {
      return KeyFactory.getInstance(algorithm)
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8Base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("not a " + algorithm + " private key (PKCS#8, base64)", e);
    }
  }

  /** The raw 32 bytes of an Ed25519 public key: the tail of its X.509 encoding. */
  static byte[] rawEd25519(PublicKey key) {
    byte[] der = key.getEncoded();
    return Arrays.copyOfRange(der, der.length - 32, der.length);
  }

  private Map<String, Object> asKeysFile() {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("telnyx.private", telnyxPrivate);
    file.put("telnyx.public", telnyxPublic);
    file.put("sendgrid.private", sendgridPrivate);
    file.put("sendgrid.public", sendgridPublic);
    return file;
  }

  private static SigningKeyMaterial fromKeysFile(Properties file) {
    SigningKeyMaterial material =
        new SigningKeyMaterial(
            file.getProperty("telnyx.private", ""),
            file.getProperty("telnyx.public", ""),
            file.getProperty("sendgrid.private", ""),
            file.getProperty("sendgrid.public", ""));
    // Unreadable keys stop the start here, not at the first callback.
    privateKey("Ed25519", material.telnyxPrivate);
    privateKey("EC", material.sendgridPrivate);
    return material;
  }

  private static Properties read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      properties.load(in);
    }
    return properties;
  }

  private static void write(Path file, Map<String, Object> values, String comment)
      throws IOException {
    Properties properties = new Properties();
    values.forEach((k, v) -> properties.setProperty(k, String.valueOf(v)));
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
      properties.store(out, comment);
    }
  }
}

package io.sparring.rpc.environment;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session ids and tokens: random from {@link SecureRandom}, so they cannot be guessed from ones a
 * client has seen. A session id (128 bits) lets a client join; a token (192 bits) lets it act.
 */
final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Ids() {}

  static String sessionId() {
    return "s_" + random(16);
  }

  static String token() {
    return "t_" + random(24);
  }

  static long seed() {
    return RANDOM.nextLong();
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return ENCODER.encodeToString(value);
  }
}

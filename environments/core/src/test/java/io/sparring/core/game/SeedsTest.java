package io.sparring.core.game;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SeedsTest {
  @Test
  void aDerivedSeedGivesTheSeedItCameFromAway() {
    for (long seed : new long[] {0, 1, -7, 0x123456789abcdefL, Long.MIN_VALUE}) {
      for (long stream : new long[] {0, 1, 2, -1, 1_000_000}) {
        assertEquals(seed, SeedAttack.invertDerive(Seeds.derive(seed, stream), stream));
      }
    }
  }

  @Test
  void aKeyedSeedIsHmacSha256AndDoesNotInvert() throws Exception {
    byte[] key = "a run's secret".getBytes(StandardCharsets.UTF_8);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] stream = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(42).array();
    long expected = ByteBuffer.wrap(mac.doFinal(stream)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(expected, Seeds.keyed(key, 42));

    long matchSeed = 7;
    long agentSeed = Seeds.keyed(matchSeed, 1);
    assertNotEquals(matchSeed, SeedAttack.invertDerive(agentSeed, 1));
    assertNotEquals(Seeds.keyed(matchSeed, 1), Seeds.keyed(matchSeed + 1, 1));
    assertNotEquals(Seeds.keyed(matchSeed, 1), Seeds.keyed(matchSeed, 2));
  }
}

package io.sparring.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SnapshotIdTest {
  private static final String SHA = "0123456789abcdef".repeat(4);

  @Test
  void labelsPrintAndParseBack() {
    SnapshotId id = new SnapshotId("main", 20, SHA);
    assertEquals("main-b20", id.label());
    assertEquals(id, SnapshotId.parse("main-b20", SHA));
    assertEquals("main-b20@0123456789ab", id.toString());
  }

  @Test
  void aNameMayContainWhatLooksLikeAVersion() {
    SnapshotId id = SnapshotId.parse("team-b2-b7", SHA);
    assertEquals("team-b2", id.name());
    assertEquals(7, id.version());
    assertEquals("team-b2", SnapshotId.nameOf("team-b2-b7"));
  }

  @Test
  void malformedPartsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> SnapshotId.parse("main", SHA));
    assertThrows(IllegalArgumentException.class, () -> SnapshotId.parse("main-bx", SHA));
    assertThrows(IllegalArgumentException.class, () -> new SnapshotId("2main", 1, SHA));
    assertThrows(IllegalArgumentException.class, () -> new SnapshotId("main", -1, SHA));
    assertThrows(IllegalArgumentException.class, () -> new SnapshotId("main", 1, SHA.toUpperCase()));
    assertThrows(IllegalArgumentException.class, () -> new SnapshotId("main", 1, "abc"));
  }
}

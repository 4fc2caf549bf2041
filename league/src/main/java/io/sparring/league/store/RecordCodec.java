package io.sparring.league.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sparring.agents.match.CompactRecords;
import io.sparring.proto.v1.Trajectory;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How a league stores a match record: compact (format version 3: nothing the game re-derives by
 * replaying it), without what every match of the league shares (the game, the violation policy,
 * the match id that is its index), and deflated against
 * a dictionary of the league's own first records, which holds the byte patterns every record
 * repeats (player names, the shape of a turn). Records of a few hundred bytes gain little from
 * deflate alone; with the dictionary they shrink by about half.
 */
final class RecordCodec {
  /** Schema 1 and 2: the whole record, zlib-compressed. */
  static final int ZLIB_FULL = 0;
  /** The shared fields left out, the rest as protobuf bytes. */
  static final int PLAIN = 1;
  /** As {@link #PLAIN}, deflated (raw, no header) against the store's dictionary. */
  static final int DEFLATED = 2;

  /** Small enough that setting it per record costs microseconds; large enough to hold a few records. */
  private static final int DICTIONARY_BYTES = 4096;

  private final String game;
  private final String violationPolicy;
  private final byte[] dictionary;

  /** An encoded record and the codec it was written with. */
  record Encoded(int codec, byte[] bytes) {}

  RecordCodec(String game, String violationPolicy, byte[] dictionary) {
    this.game = game;
    this.violationPolicy = violationPolicy;
    this.dictionary = dictionary.clone();
  }

  /** A dictionary built from the plain encodings of a league's first records, newest last. */
  static byte[] dictionary(List<byte[]> plainRecords) {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (byte[] record : plainRecords) {
      joined.writeBytes(record);
    }
    byte[] all = joined.toByteArray();
    // deflate finds matches nearest the end of the dictionary at the least cost
    return Arrays.copyOfRange(all, Math.max(0, all.length - DICTIONARY_BYTES), all.length);
  }

  String game() {
    return game;
  }

  String violationPolicy() {
    return violationPolicy;
  }

  boolean hasDictionary() {
    return dictionary.length > 0;
  }

  /**
   * The record without what a replay derives ({@link CompactRecords#compact}) and what the league
   * shares: the bytes a dictionary is built from.
   */
  byte[] plain(Trajectory record, long index) {
    Trajectory.Builder shared = CompactRecords.compact(record).toBuilder();
    if (record.getGame().equals(game)) {
      shared.clearGame();
    }
    if (record.getViolationPolicy().equals(violationPolicy)) {
      shared.clearViolationPolicy();
    }
    if (record.getMatchId().equals(String.valueOf(index))) {
      shared.clearMatchId();
    }
    return shared.build().toByteArray();
  }

  Encoded encode(Trajectory record, long index) {
    byte[] plain = plain(record, index);
    if (!hasDictionary()) {
      return new Encoded(PLAIN, plain);
    }
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      deflater.setDictionary(dictionary);
      deflater.setInput(plain);
      deflater.finish();
      byte[] buffer = new byte[plain.length + 64];
      int length = 0;
      while (!deflater.finished()) {
        if (length == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        length += deflater.deflate(buffer, length, buffer.length - length);
      }
      return length < plain.length ? new Encoded(DEFLATED, Arrays.copyOf(buffer, length))
          : new Encoded(PLAIN, plain);
    } finally {
      deflater.end();
    }
  }

  /**
   * The record as the league wrote it.
   *
   * @throws InvalidProtocolBufferException when the bytes are not a record of this codec
   */
  Trajectory decode(int codec, byte[] bytes, long index) throws InvalidProtocolBufferException {
    byte[] plain = switch (codec) {
      case ZLIB_FULL -> inflate(bytes, new Inflater(), null);
      case PLAIN -> bytes;
      case DEFLATED -> inflate(bytes, new Inflater(true), dictionary);
      default -> throw new InvalidProtocolBufferException("unknown record codec " + codec);
    };
    Trajectory stored = Trajectory.parseFrom(plain);
    if (codec == ZLIB_FULL) {
      return stored;
    }
    Trajectory.Builder record = stored.toBuilder();
    if (record.getGame().isEmpty()) {
      record.setGame(game);
    }
    if (record.getViolationPolicy().isEmpty()) {
      record.setViolationPolicy(violationPolicy);
    }
    if (record.getMatchId().isEmpty()) {
      record.setMatchId(String.valueOf(index));
    }
    try {
      return CompactRecords.expand(record.build());
    } catch (IllegalArgumentException e) {
      InvalidProtocolBufferException unreadable = new InvalidProtocolBufferException("the record does not replay: "
          + e.getMessage());
      unreadable.initCause(e); // where it is a ReplayMismatch, 'sparring replay' reports it as one
      throw unreadable;
    }
  }

  private static byte[] inflate(byte[] bytes, Inflater inflater, byte[] dictionary)
      throws InvalidProtocolBufferException {
    try {
      if (dictionary != null) {
        inflater.setDictionary(dictionary);
      }
      inflater.setInput(bytes);
      ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
      byte[] buffer = new byte[4096];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new InvalidProtocolBufferException("the record's compressed bytes end early");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new InvalidProtocolBufferException("the record's compressed bytes are corrupt: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }
}

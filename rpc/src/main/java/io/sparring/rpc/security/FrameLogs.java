package io.sparring.rpc.security;

import org.slf4j.LoggerFactory;

/**
 * Keeps bearer tokens out of the log: Netty's HTTP/2 frame loggers print every header, {@code
 * authorization} included, at DEBUG. Wherever tokens are used this pins those loggers at INFO
 * (when logback is the logging backend), whatever level the root logger is given later.
 */
final class FrameLogs {
  private static final String[] FRAME_LOGGERS = {
    "io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler",
    "io.grpc.netty.shaded.io.grpc.netty.NettyClientHandler",
    "io.grpc.netty.NettyServerHandler",
    "io.grpc.netty.NettyClientHandler",
  };

  private FrameLogs() {}

  static void keepTokensOut() {
    if (LoggerFactory.getILoggerFactory().getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
      Logback.pin();
    }
  }

  /** Loaded only when logback is present. */
  private static final class Logback {
    static void pin() {
      var context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
      for (String name : FRAME_LOGGERS) {
        ch.qos.logback.classic.Logger logger = context.getLogger(name);
        if (logger.getLevel() == null || !logger.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO)) {
          logger.setLevel(ch.qos.logback.classic.Level.INFO);
        }
      }
    }
  }
}

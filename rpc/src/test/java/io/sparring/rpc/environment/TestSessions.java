package io.sparring.rpc.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sparring.core.game.Games;
import io.sparring.proto.v1.Action;
import java.time.Duration;
import org.junit.jupiter.api.function.Executable;

/** Sessions over the registered games plus {@link Pennies}, and assertions on statuses. */
final class TestSessions {
  private TestSessions() {}

  static ServerConfig config() {
    return ServerConfig.defaults().withSparringVersion("test");
  }

  static Sessions sessions(ServerConfig config) {
    return new Sessions(config, spec -> spec.equals(Pennies.NAME) ? new Pennies() : Games.create(spec),
        Sessions.registeredGames());
  }

  static Sessions sessions() {
    return sessions(config());
  }

  static ServerConfig withTtl(Duration ttl) {
    return config().withSessionTtl(ttl);
  }

  static Action index(int action) {
    return Action.newBuilder().setIndex(action).build();
  }

  static Action name(String name) {
    return Action.newBuilder().setName(name).build();
  }

  /** Asserts that the call fails with this code and a message containing every fragment. */
  static StatusRuntimeException assertStatus(Status.Code code, Executable call, String... fragments) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    String message = e.getStatus().getDescription();
    for (String fragment : fragments) {
      assertTrue(message != null && message.contains(fragment),
          "message '" + message + "' should contain '" + fragment + "'");
    }
    return e;
  }
}

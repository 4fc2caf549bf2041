package io.sparring.rpc.environment;

import io.sparring.proto.v1.CloseSessionRequest;
import io.sparring.proto.v1.CreateSessionRequest;
import io.sparring.proto.v1.CreateSessionResponse;
import io.sparring.proto.v1.EnvironmentGrpc;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The web shop's hand-written five-product catalog (a copy of environments/webshop's test fixture,
 * see its README.md), and the one goal of it that the team tests play: the black, small slim-fit
 * jumpsuit at $39.99, where every reward part can match.
 */
final class WebShopFixture {
  /** What the jumpsuit goal's instruction asks for, as a client reads it on the page. */
  static final String JUMPSUIT_GOAL = "Find me slim fit women's jumpsuits with machine wash with color: black, and size: small";

  private WebShopFixture() {}

  static Path five() {
    try {
      return Path.of(WebShopFixture.class.getResource("/webshop/five-products").toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("the test resource /webshop/five-products is missing", e);
    }
  }

  /** A spec of the five-product catalog's test split (its 7 goals), with more parameters. */
  static String spec(String more) {
    return "webshop(catalog='" + five() + "', split=test" + (more.isEmpty() ? "" : ", " + more) + ")";
  }

  /**
   * The seed whose goal is the black, small jumpsuit, found as any client would: by creating
   * sessions and reading the instruction on the first page (seed s plays goal s mod 7).
   */
  static long jumpsuitSeed(EnvironmentGrpc.EnvironmentBlockingStub env, String spec) {
    for (long seed = 0; seed < 7; seed++) {
      CreateSessionResponse s = env.createSession(CreateSessionRequest.newBuilder().setGame(spec).setSeed(seed)
          .addSeats(0).build());
      env.closeSession(CloseSessionRequest.newBuilder().setSessionId(s.getSessionId()).setToken(s.getToken()).build());
      if (s.getObservations(0).getSeatObservation().getText().contains(JUMPSUIT_GOAL + ", and price lower than")) {
        return seed;
      }
    }
    throw new AssertionError("no seed of " + spec + " plays the black, small jumpsuit");
  }
}

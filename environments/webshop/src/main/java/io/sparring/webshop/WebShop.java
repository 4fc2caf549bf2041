package io.sparring.webshop;

import io.sparring.core.game.Game;
import io.sparring.core.game.GameFacts;
import io.sparring.core.game.GameProvider;
import io.sparring.core.game.GameType;
import io.sparring.core.game.GameType.ChanceMode;
import io.sparring.core.game.GameType.Dynamics;
import io.sparring.core.game.GameType.Information;
import io.sparring.core.game.GameType.Utility;
import io.sparring.core.game.State;
import io.sparring.core.game.TextActions;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.Spec;
import io.sparring.core.spec.SpecException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code webshop} game: WebShop (Yao et al. 2022) as a one-seat game. The shopper reads an
 * instruction, searches ({@code search[QUERY]}), clicks through results, items and their options
 * ({@code click[LABEL]}) and buys; buying ends the episode with WebShop's reward. Text that is no
 * usable action is a recorded no-op move scoring {@code invalid_reward}. Every session of one
 * catalog shares the catalog and its Lucene index. See docs/webshop.md.
 */
public final class WebShop implements GameProvider {
  /** Clicks with fixed labels; results and option values follow. */
  static final List<String> BUTTONS = List.of("back to search", "next >", "< prev", "description",
      "features", "reviews", "buy now");
  static final int BACK_TO_SEARCH = 0;
  static final int NEXT = 1;
  static final int PREV = 2;
  static final int DESCRIPTION = 3;
  static final int FEATURES = 4;
  static final int REVIEWS = 5;
  static final int BUY_NOW = 6;
  /** The first of the ten result slots of a results page. */
  static final int FIRST_RESULT = 7;
  static final int RESULTS_PER_PAGE = 10;
  /** The first option value of an item page; values are numbered across the item's options. */
  static final int FIRST_OPTION = FIRST_RESULT + RESULTS_PER_PAGE;

  static final TextActions.Form SEARCH = new TextActions.Form("search[QUERY]",
      "search the shop for QUERY, on the search page only", "search[red shoes]");
  static final TextActions.Form CLICK = new TextActions.Form("click[LABEL]",
      "click a button, product id or option value shown on the page", "click[back to search]");
  // The goal is fixed by the seed before the first move and shown as the instruction; with no
  // chance events left to hide, an agent's worlds are the state itself.
  private static final GameType TYPE =
      new GameType(Dynamics.SEQUENTIAL, ChanceMode.DETERMINISTIC, Information.PERFECT, Utility.IDENTICAL);

  @Override
  public String name() {
    return "webshop";
  }

  @Override
  public String description() {
    return "WebShop: find and buy the product an instruction describes (one seat, text actions)";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.integer("products", 1000, 1, 2_000_000,
            "products of the generated catalog; with catalog, the first this many when given"),
        Parameter.path("catalog", "", "a folder with WebShop's items_shuffle*.json, items_ins_v2*.json"
            + " and (optional) items_human_ins*.json; empty for the generated catalog"),
        Parameter.integer("catalog_seed", 0, 0, Integer.MAX_VALUE,
            "draws the generated catalog, prices given as ranges and the goals' price bounds"),
        Parameter.word("split", "train", "goals to play: test (0-499), dev (500-1499) or train (1500 on)"),
        Parameter.word("observation", "text", "text, text_rich or html"),
        Parameter.integer("max_steps", 15, 1, 1000, "moves before the episode is cut off"),
        Parameter.real("invalid_reward", 0, "the reward of a move that does nothing, 0 or a penalty"));
  }

  @Override
  public int conformancePlayouts() {
    return 100;
  }

  @Override
  public Game create(Arguments arguments) {
    Split split;
    Observation observation;
    try {
      split = Split.parse(arguments.getString("split"));
      observation = Observation.parse(arguments.getString("observation"));
    } catch (IllegalArgumentException e) {
      throw new SpecException(e.getMessage());
    }
    double invalid = arguments.getDouble("invalid_reward");
    if (invalid > 0 || invalid < -1) {
      throw new SpecException("invalid_reward must be between -1 and 0 (a penalty), got " + invalid);
    }
    String folder = arguments.getString("catalog");
    int products = arguments.getInt("products");
    Shop.Source source = folder.isEmpty()
        ? new Shop.Source(null, products, arguments.getInt("catalog_seed"))
        : new Shop.Source(Path.of(folder).toAbsolutePath().normalize(),
            arguments.isGiven("products") ? products : 0, arguments.getInt("catalog_seed"));
    Shop shop = Shop.of(source);
    shop.catalog().split(split); // an empty split fails here, naming the split and the goal count
    int maxSteps = arguments.getInt("max_steps");
    GameFacts facts = GameFacts.builder()
        .players(1)
        .distinctActions(FIRST_OPTION + Math.max(1, shop.catalog().maxOptionValues()))
        .utility(Math.min(0, invalid) * maxSteps, 1)
        .maxLength(maxSteps)
        .observationShape(0)
        .rules(rules(maxSteps, invalid))
        .textActions(TextActions.noOp(invalid, List.of(SEARCH, CLICK)))
        .build();
    return new ShopGame(arguments.toSpec(), facts, shop, split, observation, maxSteps);
  }

  private static String rules(int maxSteps, double invalid) {
    return ("WebShop. Find and buy the product the instruction describes. On the search page write"
        + " search[QUERY]. A results page shows 10 of up to 50 results: click a product id to open"
        + " it, next > and < prev to turn pages, back to search to search again. An item page shows"
        + " its options (click a value to choose it), description, features, reviews and buy now."
        + " Write clicks as click[LABEL] with a label on the page. Anything else is a move that does"
        + " nothing and scores %s. Buying ends the episode with a score from 0 to 1: the product type,"
        + " the attributes and options asked for, and the price bound; after %d moves the episode"
        + " ends with nothing bought.").formatted(invalid, maxSteps);
  }

  /** A configured shop: the catalog's split of goals, how pages are shown and the step limit. */
  record ShopGame(Spec spec, GameFacts facts, Shop shop, Split split, Observation observation,
      int maxSteps) implements Game {
    @Override
    public GameType type() {
      return TYPE;
    }

    @Override
    public State newInitialState(long seed) {
      return new ShopState(this, seed, shop.goal(split, seed), shop.index(Shop.INDEX_WAIT));
    }
  }
}

package io.sparring.webshop;

import io.sparring.core.game.AbstractState;
import io.sparring.core.game.EndStatus;
import io.sparring.core.game.State;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One shopper's episode: the page, the last search's results, the item and the options chosen on
 * it, and the goal. The catalog and index are the shop's, shared. Pages and moves follow WebShop's
 * {@code web_agent_text_env.py}: clicks are indexed actions named {@code click[label]}; a search is
 * a text action; anything else is a no-op move.
 */
final class ShopState extends AbstractState {
  private static final Pattern ACTION = Pattern.compile("\\s*(search|click)\\s*\\[(.*)]\\s*",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /** The pages of the shop. */
  enum Page { SEARCH, RESULTS, ITEM, DESCRIPTION, FEATURES, REVIEWS, DONE }

  private final WebShop.ShopGame game;
  private final Goal goal;
  private final ShopIndex index;
  private Page page = Page.SEARCH;
  private String query = "";
  private int[] results = new int[0]; // never changed in place, so copies share it
  private int resultsPage = 1;
  private int product = -1;
  private String[] chosen = new String[0]; // per option group of the product; null when not chosen
  private Set<String> visited = new HashSet<>();
  private Purchase purchase;

  ShopState(WebShop.ShopGame game, long seed, Goal goal, ShopIndex index) {
    super(game, seed);
    this.game = game;
    this.goal = goal;
    this.index = index;
  }

  private ShopState(ShopState other) {
    super(other);
    this.game = other.game;
    this.goal = other.goal;
    this.index = other.index;
    this.page = other.page;
    this.query = other.query;
    this.results = other.results;
    this.resultsPage = other.resultsPage;
    this.product = other.product;
    this.chosen = other.chosen.clone();
    this.visited = new HashSet<>(other.visited);
    this.purchase = other.purchase;
  }

  // ---- what the shopper may see ----

  Goal goal() {
    return goal;
  }

  Page page() {
    return page;
  }

  /** The product open on an item page or its sub-pages, else null. */
  Product product() {
    return product < 0 ? null : catalog().product(product);
  }

  /** The chosen value per option name of the open product, in the product's option order. */
  Map<String, String> chosenOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    Product p = product();
    for (int g = 0; p != null && g < chosen.length; g++) {
      if (chosen[g] != null) {
        options.put(p.options().get(g).name(), chosen[g]);
      }
    }
    return options;
  }

  /** The products of the current results page, best first. */
  List<Product> pageResults() {
    List<Product> shown = new ArrayList<>();
    for (int i = firstShown(); i < Math.min(results.length, firstShown() + WebShop.RESULTS_PER_PAGE); i++) {
      shown.add(catalog().product(results[i]));
    }
    return shown;
  }

  /** Whether a product was opened since the last time on the search page. */
  boolean visited(String asin) {
    return visited.contains(asin);
  }

  /** The purchase once bought, else null. */
  Purchase purchase() {
    return purchase;
  }

  private Catalog catalog() {
    return game.shop().catalog();
  }

  private int firstShown() {
    return (resultsPage - 1) * WebShop.RESULTS_PER_PAGE;
  }

  // ---- rules ----

  @Override
  protected int playerToMove() {
    return 0;
  }

  @Override
  protected boolean ended() {
    return page == Page.DONE || moveCount() >= game.maxSteps();
  }

  @Override
  public EndStatus endStatus() {
    if (page == Page.DONE) {
      return EndStatus.TERMINATED;
    }
    return moveCount() >= game.maxSteps() ? EndStatus.TRUNCATED : EndStatus.RUNNING;
  }

  /**
   * The clickable labels of the page and their actions, in page order; as in WebShop's
   * text-to-clickable map, a later element with the same label takes the label over.
   */
  private Map<String, Integer> clickables() {
    Map<String, Integer> clickables = new LinkedHashMap<>();
    switch (page) {
      case RESULTS -> {
        clickables.put(label(WebShop.BACK_TO_SEARCH), WebShop.BACK_TO_SEARCH);
        if (resultsPage > 1) {
          clickables.put(label(WebShop.PREV), WebShop.PREV);
        }
        clickables.put(label(WebShop.NEXT), WebShop.NEXT);
        List<Product> shown = pageResults();
        for (int i = 0; i < shown.size(); i++) {
          clickables.put(shown.get(i).asin().toLowerCase(Locale.ROOT), WebShop.FIRST_RESULT + i);
        }
      }
      case ITEM -> {
        clickables.put(label(WebShop.BACK_TO_SEARCH), WebShop.BACK_TO_SEARCH);
        clickables.put(label(WebShop.PREV), WebShop.PREV);
        for (int b = WebShop.DESCRIPTION; b <= WebShop.BUY_NOW; b++) {
          clickables.put(label(b), b);
        }
        int value = 0;
        for (Product.OptionGroup group : product().options()) {
          for (String v : group.values()) {
            clickables.put(v, WebShop.FIRST_OPTION + value++);
          }
        }
      }
      case DESCRIPTION, FEATURES, REVIEWS -> {
        clickables.put(label(WebShop.BACK_TO_SEARCH), WebShop.BACK_TO_SEARCH);
        clickables.put(label(WebShop.PREV), WebShop.PREV);
      }
      case SEARCH, DONE -> { } // the search page's only button is the search itself
    }
    return clickables;
  }

  private static String label(int button) {
    return WebShop.BUTTONS.get(button);
  }

  @Override
  protected List<Integer> actionsOf(int player) {
    List<Integer> actions = new ArrayList<>(clickables().values());
    actions.sort(null);
    return actions;
  }

  @Override
  protected boolean isLegal(int player, int action) {
    return clickables().containsValue(action);
  }

  @Override
  protected void applyMove(int player, int action) {
    switch (action) {
      case WebShop.BACK_TO_SEARCH -> {
        page = Page.SEARCH;
        query = "";
        results = new int[0];
        resultsPage = 1;
        openProduct(-1);
        visited = new HashSet<>();
      }
      case WebShop.NEXT -> resultsPage++;
      case WebShop.PREV -> page = switch (page) {
        case RESULTS -> {
          resultsPage--;
          yield Page.RESULTS;
        }
        case ITEM -> {
          openProduct(-1);
          yield Page.RESULTS;
        }
        default -> Page.ITEM; // from a sub-page, back to its item with the options kept
      };
      case WebShop.DESCRIPTION -> page = Page.DESCRIPTION;
      case WebShop.FEATURES -> page = Page.FEATURES;
      case WebShop.REVIEWS -> page = Page.REVIEWS;
      case WebShop.BUY_NOW -> {
        page = Page.DONE;
        purchase = Reward.of(product(), chosenOptions().values(), goal, game.shop()::nouns);
        reward(player, purchase.reward());
      }
      default -> {
        if (action < WebShop.FIRST_OPTION) {
          openProduct(results[firstShown() + action - WebShop.FIRST_RESULT]);
          visited.add(product().asin());
          page = Page.ITEM;
        } else {
          choose(action - WebShop.FIRST_OPTION);
        }
      }
    }
  }

  private void openProduct(int productIndex) {
    product = productIndex;
    chosen = new String[productIndex < 0 ? 0 : catalog().product(productIndex).options().size()];
  }

  private void choose(int flatValue) {
    int offset = flatValue;
    List<Product.OptionGroup> groups = product().options();
    for (int g = 0; g < groups.size(); g++) {
      List<String> values = groups.get(g).values();
      if (offset < values.size()) {
        chosen[g] = values.get(offset);
        return;
      }
      offset -= values.size();
    }
    throw new IllegalStateException("option value " + flatValue + " is not on " + product().asin());
  }

  /** A search from the search page; every other text is unusable here. */
  @Override
  protected boolean applyTextMove(int player, String text) {
    Matcher action = ACTION.matcher(text);
    if (page != Page.SEARCH || !action.matches() || !action.group(1).equalsIgnoreCase("search")
        || action.group(2).isBlank()) {
      return false;
    }
    query = action.group(2).strip().toLowerCase(Locale.ROOT);
    results = index.search(query);
    resultsPage = 1;
    page = Page.RESULTS;
    return true;
  }

  // ---- names ----

  @Override
  public String actionToString(int player, int action) {
    for (Map.Entry<String, Integer> clickable : clickables().entrySet()) {
      if (clickable.getValue() == action) {
        return "click[" + clickable.getKey() + "]";
      }
    }
    if (action >= 0 && action < WebShop.FIRST_RESULT) {
      return "click[" + label(action) + "]";
    }
    throw new IllegalArgumentException("action " + action + " is not on this page");
  }

  /** Reads {@code click[LABEL]} (the label in any case, spaces around it ignored), else a name or number. */
  @Override
  public int parseAction(int player, String text) {
    Matcher action = ACTION.matcher(text);
    if (action.matches() && action.group(1).equalsIgnoreCase("click") && !ended()) {
      Integer clicked = clickables().get(action.group(2).strip().toLowerCase(Locale.ROOT));
      if (clicked != null) {
        return clicked;
      }
    }
    return super.parseAction(player, text);
  }

  @Override
  protected String playerName(int player) {
    return player == 0 ? "the shopper" : super.playerName(player);
  }

  // ---- observations ----

  @Override
  public String render(int player) {
    return pageText().draw(game.observation());
  }

  /** The page's visible texts. */
  PageText pageText() {
    PageText text = new PageText();
    String instruction = goal.instruction();
    switch (page) {
      case SEARCH -> text.text("WebShop").instruction(instruction).searchBox().button("Search");
      case RESULTS -> {
        text.instruction(instruction).button("Back to Search")
            .text("Page %d (Total results: %d)".formatted(resultsPage, results.length));
        if (resultsPage > 1) {
          text.button("< Prev");
        }
        text.button("Next >");
        for (Product p : pageResults()) {
          text.productLink(p.asin(), visited.contains(p.asin())).text(p.title()).text(p.priceTag());
        }
      }
      case ITEM -> {
        Product p = product();
        text.instruction(instruction).button("Back to Search").button("< Prev");
        for (int g = 0; g < p.options().size(); g++) {
          Product.OptionGroup group = p.options().get(g);
          text.text(group.name());
          for (String value : group.values()) {
            text.option(group.name(), value, value.equals(chosen[g]));
          }
        }
        text.text(p.title()).text("Price: " + p.priceTag()).text("Rating: " + p.rating())
            .button("Description").button("Features").button("Reviews").button("Buy Now");
      }
      case DESCRIPTION -> subPage(text, instruction).text(product().description());
      case FEATURES -> {
        subPage(text, instruction);
        product().bullets().forEach(text::text);
      }
      case REVIEWS -> {
        subPage(text, instruction);
        for (Product.Review review : product().reviews()) {
          text.text("\"" + review.title() + "\"").text(CatalogFiles.pythonFloat(review.score())).text(review.body());
        }
      }
      case DONE -> text.text("Thank you for shopping with us!").text("Your score (min 0.0, max 1.0)")
          .text(String.valueOf(purchase.reward()));
    }
    return text;
  }

  private static PageText subPage(PageText text, String instruction) {
    return text.instruction(instruction).button("Back to Search").button("< Prev");
  }

  @Override
  public float[] observationTensor(int player) {
    return new float[0];
  }

  /** The instruction and the moves: what the shopper knows (the seed picks the hidden target). */
  @Override
  public String informationStateKey(int player) {
    String serialized = serialize();
    return goal.instruction() + "\n" + serialized.substring(serialized.indexOf(';') + 1);
  }

  @Override
  public State copy() {
    return new ShopState(this);
  }

  @Override
  public String toString() {
    return game.spec() + " " + serialize() + " page " + page + (results.length > 0 ? " results "
        + Arrays.toString(Arrays.copyOf(results, Math.min(5, results.length))) : "");
  }
}

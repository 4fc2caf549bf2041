package io.sparring.webshop;

import io.sparring.agents.Agent;
import io.sparring.agents.AgentProvider;
import io.sparring.agents.Decision;
import io.sparring.agents.SeatView;
import io.sparring.agents.TurnContext;
import io.sparring.core.game.Game;
import io.sparring.core.spec.Arguments;
import io.sparring.core.spec.Parameter;
import io.sparring.core.spec.SpecException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code webshop_scripted} agent, WebShop's rule baseline with options: as a generator it
 * searches the instruction (without its price clause), opens the best result not yet opened,
 * chooses the option values the instruction names and buys. As a verifier it checks a proposed
 * {@code buy now} against the instruction (every named option chosen, the shown price within the
 * bound) and rejects with a critique that names the repair; as a refiner it makes that repair
 * (the missing option, or back to the results for another item). It sees only what the page shows
 * and the instruction. As a strategist it writes its plan.
 */
public final class ScriptedShoppers implements AgentProvider {
  private static final Pattern PRICE_CLAUSE = Pattern.compile(",? and price lower than ([0-9.]+) dollars",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern PRICE = Pattern.compile("\\$([0-9.]+)");

  @Override
  public String name() {
    return "webshop_scripted";
  }

  @Override
  public String description() {
    return "WebShop's rule baseline (search the instruction, open the best result, choose the named"
        + " options, buy); also a verifier and refiner of purchases";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(Parameter.bool("choose_options", true,
        "as a generator, choose the option values the instruction names before buying"));
  }

  @Override
  public Agent create(Arguments arguments, Game game, long seed) {
    if (!(game instanceof WebShop.ShopGame)) {
      throw new SpecException("webshop_scripted plays only the webshop game, not " + game.spec());
    }
    boolean chooseOptions = arguments.getBoolean("choose_options");
    SplittableRandom random = new SplittableRandom(seed);
    return (view, context) -> {
      ShopState state = (ShopState) view.worlds().sample(random);
      return switch (context.role()) {
        case STRATEGIST -> Decision.text("search the instruction, open the best result, choose the"
            + " options the instruction names, check the price, buy");
        case GENERATOR -> generate(state, chooseOptions);
        case VERIFIER -> verify(state, view, context);
        case REFINER -> refine(state, context);
      };
    };
  }

  private static Decision generate(ShopState state, boolean chooseOptions) {
    return switch (state.page()) {
      case SEARCH -> Decision.freeText("search[" + searchQuery(state.goal().instruction()) + "]");
      case RESULTS -> {
        List<Product> shown = state.pageResults();
        for (int i = 0; i < shown.size(); i++) {
          if (!state.visited(shown.get(i).asin())) {
            yield Decision.action(WebShop.FIRST_RESULT + i);
          }
        }
        yield Decision.action(shown.isEmpty() ? WebShop.BACK_TO_SEARCH : WebShop.NEXT);
      }
      case ITEM -> {
        String missing = chooseOptions ? missingOption(state) : null;
        yield missing != null ? Decision.freeText("click[" + missing + "]") : Decision.action(WebShop.BUY_NOW);
      }
      case DESCRIPTION, FEATURES, REVIEWS -> Decision.action(WebShop.PREV);
      case DONE -> throw new IllegalStateException("the episode is over");
    };
  }

  private static Decision verify(ShopState state, SeatView view, TurnContext context) {
    Decision proposal = context.proposal().orElseThrow(
        () -> new IllegalStateException("the verifier was called without a proposal"));
    int action = proposal.action();
    if (action == Decision.NO_ACTION) {
      try {
        action = view.parseAction(proposal.freeText());
      } catch (IllegalArgumentException notAClick) {
        return Decision.verdict(true, "not a purchase");
      }
    }
    if (action != WebShop.BUY_NOW) {
      return Decision.verdict(true, "not a purchase");
    }
    String problem = problem(state);
    return Decision.verdict(problem == null, problem == null ? "the item matches the instruction" : problem);
  }

  private static Decision refine(ShopState state, TurnContext context) {
    if (state.page() == ShopState.Page.ITEM) {
      String missing = missingOption(state);
      if (missing != null) {
        return Decision.freeText("click[" + missing + "]");
      }
      if (!priceWithinBound(state)) {
        return Decision.action(WebShop.PREV);
      }
    }
    return context.proposal().orElseThrow();
  }

  /** Why buying the open item would not match the instruction, or null. */
  private static String problem(ShopState state) {
    String missing = missingOption(state);
    if (missing != null) {
      return "the instruction asks for '%s', which is not chosen; click[%s] first".formatted(missing, missing);
    }
    if (!priceWithinBound(state)) {
      return "the price %s is above the instruction's bound; click[< prev] and open another result"
          .formatted(state.product().priceTag());
    }
    return null;
  }

  /** A value the instruction names for an option that does not have it chosen, or null. */
  private static String missingOption(ShopState state) {
    String instruction = state.goal().instruction().toLowerCase(Locale.ROOT);
    Map<String, String> chosen = state.chosenOptions();
    for (Product.OptionGroup group : state.product().options()) {
      String named = null;
      for (String value : group.values()) {
        if (names(instruction, value) && (named == null || value.length() > named.length())) {
          named = value;
        }
      }
      if (named != null && !named.equals(chosen.get(group.name()))) {
        return named;
      }
    }
    return null;
  }

  /** Whether the text has the value as whole words. */
  private static boolean names(String text, String value) {
    int at = text.indexOf(value);
    while (at >= 0) {
      int end = at + value.length();
      boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
      boolean endsWord = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
      if (startsWord && endsWord) {
        return true;
      }
      at = text.indexOf(value, at + 1);
    }
    return false;
  }

  /** Whether the lowest price shown is within the instruction's bound (true without a bound). */
  private static boolean priceWithinBound(ShopState state) {
    Matcher bound = PRICE_CLAUSE.matcher(state.goal().instruction());
    Matcher shown = PRICE.matcher(state.product().priceTag());
    return !bound.find() || !shown.find()
        || Double.parseDouble(shown.group(1)) <= Double.parseDouble(bound.group(1));
  }

  /** The instruction without its price clause, which only adds noise words to a search. */
  static String searchQuery(String instruction) {
    return PRICE_CLAUSE.matcher(instruction).replaceAll("").strip();
  }
}
